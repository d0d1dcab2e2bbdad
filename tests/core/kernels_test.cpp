// The vector kernels and the engine around them against plain scalar references, at every level this CPU runs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <set>
#include <vector>

#include "core/engine.hpp"
#include "core/kernels.hpp"
#include "engine_fixture.hpp"

using namespace headamp::core;
using namespace headamp::test;

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
            const int inputs = trial == 0   ? 0
                               : trial == 1 ? kMaxChannels
                                            : std::uniform_int_distribution<>(1, kMaxChannels)(rng);
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
                        << to_string(level) << " trial " << trial << ": " << inputs << " inputs, " << rows << " rows, "
                        << n << " frames; row " << r << " frame " << i << ": " << got << " != " << want;
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

namespace {

// Today's engine written the plain way, sample by sample in double, for graphs without EQ whose sums
// stay under the limiter's ceiling (the limiter then passes them unchanged).
class ReferenceEngine {
public:
    void apply(const Snapshot& s) {
        std::set<int> channels(s.channels.begin(), s.channels.end());
        std::set<int> mixes(s.mixes.begin(), s.mixes.end());
        for (int c : channels)
            if (!channels_.count(c)) {
                trim_[c].reset(0.0f);
                for (auto& m : send_) m[c][0].reset(0.0f), m[c][1].reset(0.0f);
            }
        for (int c : channels) trim_[c].set_target(s.trim[static_cast<std::size_t>(c)], s.ramp_samples);
        for (int m : mixes) {
            const MixTargets& t = s.mix[static_cast<std::size_t>(m)];
            if (!mixes_.count(m)) {
                master_[m].reset(0.0f);
                mono_[m].reset(t.mono);
            }
            master_[m].set_target(t.master, s.ramp_samples);
            mono_[m].set_target(t.mono, s.ramp_samples);
            for (int c : channels)
                for (int side = 0; side < 2; ++side)
                    send_[m][c][side].set_target(t.send[static_cast<std::size_t>(c)][static_cast<std::size_t>(side)],
                                                 s.ramp_samples);
        }
        channels_ = channels;
        mixes_ = mixes;
    }
    // One frame: left and right of every active mix, and the magnitude each was summed from.
    void frame(const std::vector<std::vector<float>>& in, uint32_t i, std::vector<double>& out,
               std::vector<double>& magnitude) {
        std::array<float, kMaxChannels> y{};
        for (int c : channels_) y[static_cast<std::size_t>(c)] = in[static_cast<std::size_t>(c)][i] * trim_[c].next();
        for (int m : mixes_) {
            double l = 0, r = 0, al = 0, ar = 0;
            for (int c : channels_) {
                const double tl = static_cast<double>(send_[m][c][0].next()) * y[static_cast<std::size_t>(c)];
                const double tr = static_cast<double>(send_[m][c][1].next()) * y[static_cast<std::size_t>(c)];
                l += tl, r += tr, al += std::fabs(tl), ar += std::fabs(tr);
            }
            const double g = master_[m].next();
            const double k = 0.5 * mono_[m].next();
            out[2u * static_cast<unsigned>(m)] = g * (l + k * (r - l));
            out[2u * static_cast<unsigned>(m) + 1] = g * (r + k * (l - r));
            magnitude[2u * static_cast<unsigned>(m)] = magnitude[2u * static_cast<unsigned>(m) + 1] =
                std::fabs(g) * (al + ar);
        }
    }
    const std::set<int>& mixes() const { return mixes_; }

private:
    std::set<int> channels_, mixes_;
    std::array<LinearSmoother, kMaxChannels> trim_;
    std::array<LinearSmoother, kMaxMixes> master_, mono_;
    std::array<std::array<std::array<LinearSmoother, 2>, kMaxChannels>, kMaxMixes> send_;
};

Graph random_graph(std::mt19937& rng, int max_sources) {
    Graph g;
    std::vector<int> slots(kMaxChannels);
    for (int c = 0; c < kMaxChannels; ++c) slots[static_cast<std::size_t>(c)] = c;
    std::shuffle(slots.begin(), slots.end(), rng);
    const int sources = std::uniform_int_distribution<>(0, max_sources)(rng);
    std::size_t next = 0;
    for (int s = 0; s < sources && next + 1 < slots.size(); ++s) {
        const std::string name = "s" + std::to_string(s);
        if (rng() % 3 == 0) {
            g.sources.push_back(stereo(name, slots[next], slots[next + 1]));
            next += 2;
        } else {
            g.sources.push_back(mono(name, slots[next++]));
        }
        g.sources.back().trim_db = std::uniform_real_distribution<>(-20.0, 6.0)(rng);
        g.sources.back().invert = rng() % 4 == 0;
    }
    std::vector<int> mix_slots(kMaxMixes);
    for (int m = 0; m < kMaxMixes; ++m) mix_slots[static_cast<std::size_t>(m)] = m;
    std::shuffle(mix_slots.begin(), mix_slots.end(), rng);
    const int mixes = std::uniform_int_distribution<>(0, kMaxMixes)(rng);
    for (int m = 0; m < mixes; ++m) {
        g.mixes.push_back(mix("m" + std::to_string(m), mix_slots[static_cast<std::size_t>(m)]));
        Mix& x = g.mixes.back();
        x.master_db = std::uniform_real_distribution<>(-20.0, 6.0)(rng);
        x.mono = rng() % 4 == 0;
        x.pan_law = static_cast<PanLaw>(rng() % 3);
        for (const Source& s : g.sources)
            if (rng() % 5 != 0)
                x.sends[s.name] = {std::uniform_real_distribution<>(-40.0, 6.0)(rng),
                                   std::uniform_real_distribution<>(-1.0, 1.0)(rng), rng() % 8 == 0, false};
    }
    return g;
}

}  // namespace

// Random graphs, each changed mid-run so that trims, sends, masters and mono folds ramp across
// blocks of random length, some longer than the engine's sub-block.
TEST(Kernels, EngineEqualsAScalarReferenceThroughRampsAtEveryLevel) {
    constexpr uint32_t kMaxFrames = 700;
    std::vector<std::vector<float>> in(kMaxChannels, std::vector<float>(kMaxFrames));
    std::vector<std::vector<float>> out(2 * kMaxMixes, std::vector<float>(kMaxFrames));
    std::array<const float*, kMaxChannels> in_ptr{};
    std::array<float*, 2 * kMaxMixes> out_ptr{};
    for (std::size_t c = 0; c < in.size(); ++c) in_ptr[c] = in[c].data();
    for (std::size_t o = 0; o < out.size(); ++o) out_ptr[o] = out[o].data();
    std::vector<double> want(2 * kMaxMixes), magnitude(2 * kMaxMixes);
    for (SimdLevel level : levels_here()) {
        std::mt19937 rng(21);
        for (int trial = 0; trial < 12; ++trial) {
            Engine engine(kRate, level);
            ASSERT_EQ(engine.simd_level(), level);
            ReferenceEngine reference;
            const int max_sources = trial < 2 ? 200 : 40;  // at (and near) capacity, then typical sizes
            for (int change = 0; change < 3; ++change) {
                const Graph g = random_graph(rng, max_sources);
                ASSERT_FALSE(engine.set_graph(g));
                reference.apply(*compile(g, kRate));
                // Each sum stays below the 0 dB ceiling: inputs x trim x send x master <= 0.1 / channels x 8.
                const float amplitude = 0.1f / static_cast<float>(std::max<std::size_t>(1, 2 * g.sources.size()));
                for (int cycle = 0; cycle < 4; ++cycle) {
                    const auto n = static_cast<uint32_t>(std::uniform_int_distribution<>(1, kMaxFrames)(rng));
                    for (auto& buffer : in)
                        for (uint32_t i = 0; i < n; ++i)
                            buffer[i] = std::uniform_real_distribution<float>(-amplitude, amplitude)(rng);
                    engine.process(in_ptr.data(), out_ptr.data(), n);
                    for (uint32_t i = 0; i < n; ++i) {
                        reference.frame(in, i, want, magnitude);
                        for (int m : reference.mixes())
                            for (int side = 0; side < 2; ++side) {
                                const auto o = static_cast<std::size_t>(2 * m + side);
                                ASSERT_TRUE(close(out[o][i], want[o], magnitude[o]))
                                    << to_string(level) << " trial " << trial << " change " << change << " cycle "
                                    << cycle << ": mix " << m << " side " << side << " frame " << i << " of " << n
                                    << ": " << out[o][i] << " != " << want[o];
                            }
                    }
                }
            }
        }
    }
}

// Each mix hears one source alone at 0 dB (the 0 dB pan law's centre: the same bus from every send
// kernel, FMA or not), through an EQ of its own into a limiter driven over its ceiling, masters and
// trims ramping in from the start. With 3 to 32 mixes the finishing pass runs groups of every width
// this CPU has (4, 8, 16 lanes, and narrow groups beside wide ones); each lane must give what the
// 4-lane baseline gives.
TEST(Kernels, FinishingPassWithEqAndLimiterAtEveryLevelEqualsTheBaseline) {
    constexpr uint32_t kFrames = 256;
    std::mt19937 rng(5);
    const auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<>(lo, hi)(rng); };
    for (int mixes : {3, 7, 13, 20, 32}) {
        Graph g;
        for (int m = 0; m < mixes; ++m) g.sources.push_back(mono("s" + std::to_string(m), m));
        for (int m = 0; m < mixes; ++m) {
            Mix x = mix("m" + std::to_string(m), m);
            x.pan_law = PanLaw::ZeroDb;
            x.master_db = uniform(12.0, 18.0);
            x.limiter_ceiling_db = uniform(-12.0, -3.0);
            x.eq.enabled = m % 5 != 4;  // lanes without EQ beside lanes with
            for (EqBand* band : {&x.eq.low, &x.eq.mid, &x.eq.high}) band->gain_db = uniform(-12.0, 12.0);
            for (int other = 0; other < mixes; ++other)
                if (other != m) x.sends["s" + std::to_string(other)] = {0.0, 0.0, true, false};
            g.mixes.push_back(x);
        }
        std::vector<std::vector<float>> in(static_cast<std::size_t>(mixes), std::vector<float>(8 * kFrames));
        for (auto& channel : in)
            for (float& v : channel) v = static_cast<float>(uniform(-0.9, 0.9));
        const auto run = [&](SimdLevel level) {
            Engine engine(kRate, level);
            EXPECT_FALSE(engine.set_graph(g));
            EngineRig rig(kFrames);
            std::vector<std::vector<float>> out(static_cast<std::size_t>(2 * mixes));
            for (uint32_t offset = 0; offset < 8 * kFrames; offset += kFrames) {
                for (int m = 0; m < mixes; ++m)
                    std::copy_n(in[static_cast<std::size_t>(m)].begin() + offset, kFrames,
                                rig.in[static_cast<std::size_t>(m)].begin());
                rig.run(engine);
                for (int o = 0; o < 2 * mixes; ++o)
                    out[static_cast<std::size_t>(o)].insert(out[static_cast<std::size_t>(o)].end(),
                                                            rig.out[static_cast<std::size_t>(o)].begin(),
                                                            rig.out[static_cast<std::size_t>(o)].end());
            }
            return out;
        };
        const auto baseline = run(SimdLevel::Portable);
        for (SimdLevel level : levels_here()) {
            const auto got = run(level);
            for (std::size_t o = 0; o < got.size(); ++o)
                for (std::size_t i = 0; i < got[o].size(); ++i)
                    ASSERT_TRUE(close(got[o][i], baseline[o][i], 0.0))
                        << to_string(level) << ", " << mixes << " mixes: output " << o << " frame " << i << ": "
                        << got[o][i] << " != " << baseline[o][i];
        }
        // The limiter was driven: every mix was held at its ceiling somewhere.
        for (int m = 0; m < mixes; ++m) {
            const auto& left = baseline[2 * static_cast<std::size_t>(m)];
            const float peak = std::fabs(*std::max_element(
                left.begin(), left.end(), [](float a, float b) { return std::fabs(a) < std::fabs(b); }));
            EXPECT_NEAR(peak, std::pow(10.0, g.mixes[static_cast<std::size_t>(m)].limiter_ceiling_db / 20.0), 1e-3)
                << "mix " << m;
        }
    }
}
