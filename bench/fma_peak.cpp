// A small peak loop: enough independent FMA chains to cover the FMA units' latency, per SIMD level.
#include "fma_peak.hpp"

#include <algorithm>
#include <cstdint>
#include <ctime>

namespace headamp::bench {

namespace {

constexpr int kChains = 12;  // >= latency (4) x FMA pipes (2), and fits 16 registers with the operands

template <int W>
struct Lanes {
    typedef float type __attribute__((vector_size(W * sizeof(float))));
};

// acc = acc * a + b stays near b / (1 - a), never overflows nor goes subnormal; the chains are
// independent so only throughput limits them. always_inline: compiled for its caller's target.
template <int W>
[[gnu::always_inline]] inline float chains(int64_t iterations, float a, float b) noexcept {
    using V = typename Lanes<W>::type;
    V acc[kChains];
    _Pragma("GCC unroll 16") for (int j = 0; j < kChains; ++j) acc[j] = V{} + static_cast<float>(j);
    for (int64_t i = 0; i < iterations; ++i)
        _Pragma("GCC unroll 16") for (int j = 0; j < kChains; ++j) acc[j] = acc[j] * a + b;
    float sum = 0.0f;
    for (int j = 0; j < kChains; ++j)
        for (int l = 0; l < W; ++l) sum += acc[j][l];
    return sum;
}

#if defined(__x86_64__)
__attribute__((target("avx512f,avx2,fma"))) float peak_avx512(int64_t n, float a, float b) {
    return chains<16>(n, a, b);
}
__attribute__((target("avx2,fma"))) float peak_avx2(int64_t n, float a, float b) { return chains<8>(n, a, b); }
#endif
float peak_baseline(int64_t n, float a, float b) { return chains<4>(n, a, b); }

double thread_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

}  // namespace

double measure_fma_peak(core::SimdLevel level) {
    float (*loop)(int64_t, float, float) = peak_baseline;
    int lanes = 4;
#if defined(__x86_64__)
    if (level == core::SimdLevel::Avx512) loop = peak_avx512, lanes = 16;
    if (level == core::SimdLevel::Avx2) loop = peak_avx2, lanes = 8;
#endif
    constexpr int64_t kIterations = 20'000'000;
    volatile float sink = 0.0f;
    double best = 0.0;
    for (int run = 0; run < 5; ++run) {
        const double start = thread_seconds();
        sink = loop(kIterations, 0.999f, 0.001f);
        const double seconds = thread_seconds() - start;
        best = std::max(best, static_cast<double>(kIterations) * kChains * lanes / seconds);
    }
    static_cast<void>(sink);
    return best;
}

}  // namespace headamp::bench
