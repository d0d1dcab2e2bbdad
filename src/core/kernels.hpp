// The engine's vector kernels, built once per instruction-set level: the steady-state send matrix (every mix
// bus at once, a (buses x inputs) gain matrix times an (inputs x n) block) and the channel gain with its meter.
#pragma once

#include <cstdint>

#include "core/meter.hpp"
#include "core/simd_level.hpp"

namespace headamp::core {

// Borrowed views; the engine owns the storage, sized at its fixed capacity.
struct SendMatrix {
    const float* const* inputs = nullptr;  // input_count buffers of at least n frames
    const float* gains = nullptr;          // row-major, output_count rows of input_count gains
    float* const* outputs = nullptr;       // output_count buffers of at least n frames, overwritten
    int input_count = 0;
    int output_count = 0;
};

// outputs[o][i] = sum over k of gains[o * input_count + k] * inputs[k][i], for i < n. With no
// inputs, the outputs are zero. Allocates, locks and calls nothing.
using SendKernel = void (*)(const SendMatrix& matrix, uint32_t n) noexcept;

// y[i] = x[i] * gain for i < n, with y's peak and sum of squares in the same pass. Returns 0 when
// every y[i] is finite, something else (NaN) when not.
using GainKernel = float (*)(const float* x, float* y, uint32_t n, float gain, MeterBlock& meter) noexcept;

struct Kernels {
    SendKernel send_matrix;
    GainKernel gain;
};

// The kernels built for a level; level must be simd_level_supported().
Kernels kernels(SimdLevel level) noexcept;

}  // namespace headamp::core
