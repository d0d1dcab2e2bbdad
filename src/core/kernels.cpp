// The engine's kernels, one set per instruction-set level, each from one template.
#include "core/kernels.hpp"

namespace headamp::core {

namespace {

// A tile keeps rows x (vectors of W frames) sums in registers while it walks all inputs once:
// per input it loads `vectors` vectors and broadcasts `rows` gains for rows * vectors FMAs, so the
// loop is bound by arithmetic, not by loads and stores of the buses.
template <int W>
struct Lanes {
    typedef float type __attribute__((vector_size(W * sizeof(float))));
};

// always_inline: the body is compiled for the instruction set of the kernel that inlines it.
template <int W, int Rows, int Vectors>
[[gnu::always_inline]] inline void tile(const SendMatrix& m, int row, uint32_t frame) noexcept {
    using V = typename Lanes<W>::type;
    V acc[Rows][Vectors] = {};
    const float* g = m.gains + row * m.input_count;
    for (int k = 0; k < m.input_count; ++k) {
        V x[Vectors];
        _Pragma("GCC unroll 8") for (int v = 0; v < Vectors; ++v)
            __builtin_memcpy(&x[v], m.inputs[k] + frame + v * W, sizeof(V));
        _Pragma("GCC unroll 16") for (int r = 0; r < Rows; ++r) {
            const float gain = g[r * m.input_count + k];
            _Pragma("GCC unroll 8") for (int v = 0; v < Vectors; ++v) acc[r][v] += gain * x[v];
        }
    }
    _Pragma("GCC unroll 16") for (int r = 0; r < Rows; ++r) _Pragma("GCC unroll 8") for (int v = 0; v < Vectors; ++v)
        __builtin_memcpy(m.outputs[row + r] + frame + v * W, &acc[r][v], sizeof(V));
}

template <int W, int Rows, int Vectors>
[[gnu::always_inline]] inline void all_rows(const SendMatrix& m, uint32_t frame) noexcept {
    int row = 0;
    for (; row + Rows <= m.output_count; row += Rows) tile<W, Rows, Vectors>(m, row, frame);
    for (; row < m.output_count; ++row) tile<W, 1, Vectors>(m, row, frame);
}

// Frames in blocks of 4, 2, then 1 vector; the last n % W frames one at a time. Wide and Narrow
// are the row counts that keep the tile's sums within the register file.
template <int W, int Wide, int Narrow>
[[gnu::always_inline]] inline void run(const SendMatrix& m, uint32_t n) noexcept {
    uint32_t i = 0;
    for (; i + 4 * W <= n; i += 4 * W) all_rows<W, Wide, 4>(m, i);
    for (; i + 2 * W <= n; i += 2 * W) all_rows<W, Narrow, 2>(m, i);
    for (; i + W <= n; i += W) all_rows<W, Narrow, 1>(m, i);
    for (; i < n; ++i)
        for (int row = 0; row < m.output_count; ++row) {
            const float* g = m.gains + row * m.input_count;
            float sum = 0.0f;
            for (int k = 0; k < m.input_count; ++k) sum += g[k] * m.inputs[k][i];
            m.outputs[row][i] = sum;
        }
}

// Lanes of running peak (as max and min), sum of squares and poison (x * 0: NaN once any x is not finite).
template <int W>
[[gnu::always_inline]] inline float gain_block(const float* x, float* y, uint32_t n, float gain,
                                               MeterBlock& meter) noexcept {
    using V = typename Lanes<W>::type;
    V high = {}, low = {}, squares = {}, poison = {};
    uint32_t i = 0;
    for (; i + W <= n; i += W) {
        V v;
        __builtin_memcpy(&v, x + i, sizeof(V));
        v *= gain;
        __builtin_memcpy(y + i, &v, sizeof(V));
        poison += v * 0.0f;
        squares += v * v;
        high = v > high ? v : high;
        low = v < low ? v : low;
    }
    // Lanes folded in vectors of four first: at 32 frames a lane-by-lane tail of 16 lanes cost more
    // than the loop above.
    using V4 = typename Lanes<4>::type;
    V4 peak4 = {}, squares4 = {}, poison4 = {};
    for (int q = 0; q < W / 4; ++q) {
        V4 h, l, s, p;
        __builtin_memcpy(&h, reinterpret_cast<const char*>(&high) + q * sizeof(V4), sizeof(V4));
        __builtin_memcpy(&l, reinterpret_cast<const char*>(&low) + q * sizeof(V4), sizeof(V4));
        __builtin_memcpy(&s, reinterpret_cast<const char*>(&squares) + q * sizeof(V4), sizeof(V4));
        __builtin_memcpy(&p, reinterpret_cast<const char*>(&poison) + q * sizeof(V4), sizeof(V4));
        l = -l;
        h = l > h ? l : h;
        peak4 = h > peak4 ? h : peak4;
        squares4 += s;
        poison4 += p;
    }
    float bad = 0.0f;
    for (int l = 0; l < 4; ++l) {
        bad += poison4[l];
        meter.sum += squares4[l];
        meter.add_peak(peak4[l]);
    }
    for (; i < n; ++i) {
        y[i] = x[i] * gain;
        bad += y[i] * 0.0f;
        meter.add(y[i]);
    }
    return bad;
}

#if defined(__x86_64__)
// 32 zmm registers: tiles of 16 sums.
__attribute__((target("avx512f,avx2,fma"))) void kernel_avx512(const SendMatrix& m, uint32_t n) noexcept {
    run<16, 4, 8>(m, n);
}
__attribute__((target("avx512f,avx2,fma"))) float gain_avx512(const float* x, float* y, uint32_t n, float gain,
                                                              MeterBlock& meter) noexcept {
    return gain_block<16>(x, y, n, gain, meter);
}
// 16 ymm registers: tiles of 8 sums, enough to keep both FMA pipes busy through their latency.
__attribute__((target("avx2,fma"))) void kernel_avx2(const SendMatrix& m, uint32_t n) noexcept { run<8, 2, 4>(m, n); }
__attribute__((target("avx2,fma"))) float gain_avx2(const float* x, float* y, uint32_t n, float gain,
                                                    MeterBlock& meter) noexcept {
    return gain_block<8>(x, y, n, gain, meter);
}
void kernel_sse2(const SendMatrix& m, uint32_t n) noexcept { run<4, 2, 4>(m, n); }
float gain_sse2(const float* x, float* y, uint32_t n, float gain, MeterBlock& meter) noexcept {
    return gain_block<4>(x, y, n, gain, meter);
}
#elif defined(__aarch64__)
// 32 NEON registers, the same tiles as AVX-512 with 4 lanes.
void kernel_neon(const SendMatrix& m, uint32_t n) noexcept { run<4, 4, 8>(m, n); }
float gain_neon(const float* x, float* y, uint32_t n, float gain, MeterBlock& meter) noexcept {
    return gain_block<4>(x, y, n, gain, meter);
}
#endif
void kernel_portable(const SendMatrix& m, uint32_t n) noexcept { run<4, 2, 4>(m, n); }
float gain_portable(const float* x, float* y, uint32_t n, float gain, MeterBlock& meter) noexcept {
    return gain_block<4>(x, y, n, gain, meter);
}

}  // namespace

Kernels kernels(SimdLevel level) noexcept {
    switch (level) {
#if defined(__x86_64__)
        case SimdLevel::Avx512: return {kernel_avx512, gain_avx512};
        case SimdLevel::Avx2: return {kernel_avx2, gain_avx2};
        case SimdLevel::Sse2: return {kernel_sse2, gain_sse2};
#elif defined(__aarch64__)
        case SimdLevel::Neon: return {kernel_neon, gain_neon};
#endif
        default: return {kernel_portable, gain_portable};
    }
}

}  // namespace headamp::core
