// The instruction-set levels the engine's kernels are built for, and which one this CPU runs best.
#pragma once

namespace headamp::core {

// Ordered from least to most capable on x86-64; Neon is aarch64's baseline, Portable anything else.
enum class SimdLevel {
    Portable,  // plain C++ vectors, lowered by the compiler for whatever the target has
    Sse2,      // x86-64 baseline
    Avx2,      // AVX2 + FMA
    Avx512,    // AVX-512F (+ AVX2 + FMA)
    Neon,      // aarch64 baseline
};

// Whether this build has a kernel for the level and this CPU (and OS) can run it.
bool simd_level_supported(SimdLevel level) noexcept;
// The most capable supported level, detected once (never in the process callback).
SimdLevel best_simd_level() noexcept;
const char* to_string(SimdLevel level) noexcept;

}  // namespace headamp::core
