// The vector kernels and the engine around them against plain scalar references, at every level this CPU runs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "core/engine.hpp"  // Engine::kBlock
#include "core/kernels.hpp"

using namespace headamp::core;

namespace {

std::vector<SimdLevel> levels_here() {
    std::vector<SimdLevel> out;
    for (SimdLevel l : {SimdLevel::Portable, SimdLevel::Sse2, SimdLevel::Avx2, SimdLevel::Avx512, SimdLevel::Neon})
        if (simd_level_supported(l)) out.push_back(l);
    return out;
}

// A float sum of terms of both signs is only defined to within a few ulps of the sum of their
// magnitudes, in any order (today's engine's order included): where terms cancel, the relative error
// of the result is unbounded, so the tolerance is 1e-6 of the larger of |result| and that magnitude.
bool close(double got, double want, double magnitude) {
    return std::fabs(got - want) <= 1e-6 * std::max(std::fabs(want), magnitude);
}

}  // namespace

TEST(Kernels, TheBestLevelIsSupportedAndEveryLevelHasAName) {
    EXPECT_TRUE(simd_level_supported(best_simd_level()));
    EXPECT_TRUE(simd_level_supported(SimdLevel::Portable));
    for (SimdLevel l : levels_here()) EXPECT_STRNE(to_string(l), "unknown");
#if defined(__x86_64__)
    EXPECT_TRUE(simd_level_supported(SimdLevel::Sse2));
#endif
}

TEST(Kernels, SendMatrixEqualsAScalarReferenceOnRandomMatricesAtEveryLevel) {
    constexpr int kMaxRows = 2 * kMaxMixes;
    constexpr uint32_t kFrames = Engine::kBlock;
    std::vector<std::vector<float>> in(kMaxChannels, std::vector<float>(kFrames));
    std::vector<std::vector<float>> out(kMaxRows, std::vector<float>(kFrames + 1));
    std::vector<const float*> in_ptr(kMaxChannels);
    std::vector<float*> out_ptr(kMaxRows);
    std::vector<float> gains(static_cast<std::size_t>(kMaxRows) * kMaxChannels);
    for (SimdLevel level : levels_here()) {
        const Kernels k = kernels(level);
        std::mt19937 rng(13);
        for (int trial = 0; trial < 200; ++trial) {
            const int inputs = trial == 0 ? 0 : trial == 1 ? kMaxChannels : std::uniform_int_distribution<>(1, kMaxChannels)(rng);
            const int rows = trial == 1 ? kMaxRows : std::uniform_int_distribution<>(0, kMaxRows)(rng);
            const auto n = trial % 3 == 0 ? kFrames >> std::uniform_int_distribution<>(0, 4)(rng)
                                          : static_cast<uint32_t>(std::uniform_int_distribution<>(1, kFrames)(rng));
            std::uniform_real_distribution<float> sample(-1.0f, 1.0f);
            for (int c = 0; c < inputs; ++c) {
                // Different channels at different places in memory, as the engine's are.
                const std::size_t slot = static_cast<std::size_t>((c * 37 + trial) % kMaxChannels);
                in_ptr[static_cast<std::size_t>(c)] = in[slot].data();
                for (auto& v : in[slot]) v = sample(rng);
            }
            for (std::size_t g = 0; g < static_cast<std::size_t>(rows * inputs); ++g)
                gains[g] = rng() % 4 == 0 ? 0.0f : 4.0f * sample(rng);
            for (int r = 0; r < rows; ++r) {
                out_ptr[static_cast<std::size_t>(r)] = out[static_cast<std::size_t>(r)].data();
                std::fill(out[static_cast<std::size_t>(r)].begin(), out[static_cast<std::size_t>(r)].end(),
                          std::numeric_limits<float>::quiet_NaN());
            }
            k.send_matrix({in_ptr.data(), gains.data(), out_ptr.data(), inputs, rows}, n);
            for (int r = 0; r < rows; ++r) {
                for (uint32_t i = 0; i < n; ++i) {
                    double want = 0.0, magnitude = 0.0;
                    for (int c = 0; c < inputs; ++c) {
                        const double term = static_cast<double>(gains[static_cast<std::size_t>(r * inputs + c)]) *
                                            in_ptr[static_cast<std::size_t>(c)][i];
                        want += term;
                        magnitude += std::fabs(term);
                    }
                    const float got = out[static_cast<std::size_t>(r)][i];
                    ASSERT_TRUE(close(got, want, magnitude))
                        << to_string(level) << " trial " << trial << ": " << inputs << " inputs, " << rows
                        << " rows, " << n << " frames; row " << r << " frame " << i << ": " << got << " != " << want;
                }
                ASSERT_TRUE(std::isnan(out[static_cast<std::size_t>(r)][n])) << "wrote past n at " << to_string(level);
            }
        }
    }
}

TEST(Kernels, GainKernelScalesMetersAndFindsEveryNonFiniteSampleAtEveryLevel) {
    std::vector<float> x(Engine::kBlock), y(Engine::kBlock);
    for (SimdLevel level : levels_here()) {
        const Kernels k = kernels(level);
        std::mt19937 rng(7);
        for (int trial = 0; trial < 200; ++trial) {
            const auto n = static_cast<uint32_t>(std::uniform_int_distribution<>(1, Engine::kBlock)(rng));
            const float gain = std::uniform_real_distribution<float>(-4.0f, 4.0f)(rng);
            for (auto& v : x) v = std::uniform_real_distribution<float>(-1.0f, 1.0f)(rng);
            MeterBlock block;
            EXPECT_EQ(k.gain(x.data(), y.data(), n, gain, block), 0.0f) << to_string(level);
            float peak = 0.0f;
            double sum = 0.0;
            for (uint32_t i = 0; i < n; ++i) {
                ASSERT_EQ(y[i], x[i] * gain) << to_string(level) << " frame " << i;
                peak = std::max(peak, std::fabs(x[i] * gain));
                sum += static_cast<double>(x[i] * gain) * (x[i] * gain);
            }
            EXPECT_EQ(block.peak, peak) << to_string(level);
            EXPECT_NEAR(block.sum, sum, 1e-6 * sum) << to_string(level);
            for (float poison : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                                 -std::numeric_limits<float>::infinity()}) {
                const auto at = static_cast<std::size_t>(std::uniform_int_distribution<uint32_t>(0, n - 1)(rng));
                const float saved = x[at];
                x[at] = poison;
                MeterBlock ignored;
                EXPECT_NE(k.gain(x.data(), y.data(), n, gain == 0.0f ? 1.0f : gain, ignored), 0.0f)
                    << to_string(level) << ": " << poison << " at " << at << " of " << n;
                x[at] = saved;
            }
        }
    }
}
