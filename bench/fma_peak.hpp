// The machine's measured FMA peak on one core, the yardstick engine-bench measures the engine against.
#pragma once

#include "core/simd_level.hpp"

namespace headamp::bench {

// Fused multiply-adds per second (each vector lane counted; mul + add pairs at levels without FMA)
// of independent FMA chains at the given level, best of a few short runs, in thread CPU time.
double measure_fma_peak(core::SimdLevel level);

}  // namespace headamp::bench
