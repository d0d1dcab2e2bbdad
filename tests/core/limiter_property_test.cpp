// Property test of the engine's output safety: random graphs, gains, EQ and hostile input signals through
// Engine::process; no output sample is ever above its mix's limiter ceiling, non-finite or subnormal.
//
// HEADAMP_PROPERTY_BLOCKS sets how many process() calls to make (the suite runs fewer than the benchmark),
// HEADAMP_PROPERTY_SEED replays a run; a failure prints both.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "core/db.hpp"
#include "core/engine.hpp"

using namespace headamp::core;

namespace {

constexpr uint32_t kMaxFrames = 1024;  // the largest JACK period the test asks the engine to process at once
constexpr int kMaxSources = 6;
constexpr int kMaxTestMixes = 3;
constexpr float kHuge = std::numeric_limits<float>::max();
constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNan = std::numeric_limits<float>::quiet_NaN();
constexpr float kSmallestNormal = std::numeric_limits<float>::min();

uint64_t env_u64(const char* name, uint64_t fallback) {
    const char* text = std::getenv(name);
    return text && *text ? std::strtoull(text, nullptr, 10) : fallback;
}

class Random {
public:
    explicit Random(uint64_t seed) : engine_(seed) {}
    double uniform(double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(engine_); }
    int integer(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(engine_); }
    bool chance(double p) { return uniform(0.0, 1.0) < p; }
    double log_uniform(double lo, double hi) { return std::exp(uniform(std::log(lo), std::log(hi))); }
    template <typename T>
    T pick(std::initializer_list<T> values) {
        return *(values.begin() + integer(0, static_cast<int>(values.size()) - 1));
    }
    // The edges of a range are where bugs live: take one of them a third of the time.
    double edgy(double lo, double hi) { return chance(1.0 / 3.0) ? pick({lo, hi}) : uniform(lo, hi); }
    uint64_t bits() { return engine_(); }

private:
    std::mt19937_64 engine_;
};

// One input channel's signal, continuous across blocks until it is replaced by another kind.
struct Signal {
    enum class Kind { Silence, Square, Impulses, Noise, Sine, Dc, AlternatingMax, PoisonBursts, Denormals, Count };
    Kind kind = Kind::Silence;
    float amplitude = 1.0f;
    uint32_t period = 48;  // square period, impulse spacing, burst spacing (samples)
    double phase_step = 0.0;
    uint64_t t = 0;
    uint64_t noise = 1;
    bool connected = true;  // false: the engine gets nullptr for this channel (no port connected)

    static Signal random(Random& r) {
        Signal s;
        s.kind = static_cast<Kind>(r.integer(0, static_cast<int>(Kind::Count) - 1));
        s.amplitude = r.pick({1.0f, 1.0f, 0.5f, 1e6f, kHuge, static_cast<float>(r.uniform(0.0, 2.0))});
        s.period = static_cast<uint32_t>(r.integer(1, 4000));
        s.phase_step = r.uniform(0.0, std::numbers::pi);
        s.noise = r.bits() | 1u;
        s.connected = !r.chance(0.05);
        return s;
    }

    float next_noise() {  // xorshift64: cheap enough to run per sample
        noise ^= noise << 13;
        noise ^= noise >> 7;
        noise ^= noise << 17;
        return static_cast<float>(static_cast<double>(noise >> 11) * 0x1.0p-53 * 2.0 - 1.0);
    }

    float sample() {
        const uint64_t i = t++;
        switch (kind) {
            case Kind::Silence: return 0.0f;
            case Kind::Square: return (i / period) % 2 ? amplitude : -amplitude;
            case Kind::Impulses: return i % period == 0 ? ((i / period) % 2 ? amplitude : -amplitude) : 0.0f;
            case Kind::Noise: return amplitude * next_noise();
            case Kind::Sine: return amplitude * static_cast<float>(std::sin(phase_step * static_cast<double>(i)));
            case Kind::Dc: return amplitude;
            case Kind::AlternatingMax: return i % 2 ? kHuge : -kHuge;
            case Kind::PoisonBursts: {
                if (i % period >= 3) return (i / 24) % 2 ? 1.0f : -1.0f;  // a full-scale square between bursts
                const float n = next_noise();
                return n < -0.33f ? kNan : n < 0.33f ? kInf : -kInf;
            }
            case Kind::Denormals: {
                const float n = next_noise();
                return n * kSmallestNormal *
                       (i % 7 == 0 ? 1.0f : 1e-3f);  // subnormal, now and then the smallest normal
            }
            case Kind::Count: break;
        }
        return 0.0f;
    }
};

EqBand random_band(Random& r) {
    return {r.log_uniform(10.0, 24000.0), r.edgy(-kMaxEqGainDb, kMaxEqGainDb), r.log_uniform(0.1, 20.0)};
}

void randomise_mix(Random& r, const Graph& g, Mix& m) {
    m.master_db = r.chance(0.2) ? r.pick({kSilenceDb, 0.0, kMaxMasterDb}) : r.uniform(-60.0, kMaxMasterDb);
    m.mute = r.chance(0.1);
    m.mono = r.chance(0.3);
    m.pan_law = r.pick({PanLaw::ConstantPower, PanLaw::Linear, PanLaw::ZeroDb});
    m.limiter_ceiling_db = r.edgy(kMinCeilingDb, kMaxCeilingDb);
    m.eq.enabled = r.chance(0.6);
    m.eq.low = random_band(r);
    m.eq.mid = random_band(r);
    m.eq.high = random_band(r);
    m.sends.clear();
    for (const Source& s : g.sources) {
        if (r.chance(0.1)) continue;  // no entry: the default send
        Send& send = m.sends[s.name];
        send.level_db = r.chance(0.3) ? kMaxSendDb : r.uniform(kSilenceDb - 10.0, kMaxSendDb);
        send.pan = r.edgy(-1.0, 1.0);
        send.mute = r.chance(0.1);
        send.solo = r.chance(0.05);
    }
}

Graph random_graph(Random& r) {
    Graph g;
    std::vector<int> slots;
    const int base = r.integer(0, kMaxChannels - 2 * kMaxSources);
    for (int i = 0; i < 2 * kMaxSources; ++i)
        slots.push_back(r.chance(0.5) ? base + i : r.integer(0, kMaxChannels - 1));
    std::vector<bool> used(kMaxChannels, false);
    auto take = [&]() {
        for (int s : slots)
            if (!used[static_cast<std::size_t>(s)]) {
                used[static_cast<std::size_t>(s)] = true;
                return s;
            }
        return -1;
    };
    const int sources = r.integer(1, kMaxSources);
    for (int i = 0; i < sources; ++i) {
        Source s;
        s.name = "s" + std::to_string(i);
        s.channels[0] = take();
        if (s.channels[0] < 0) break;
        if (r.chance(0.4)) s.channels[1] = take();
        s.trim_db = r.edgy(-kMaxTrimDb, kMaxTrimDb);
        s.invert = r.chance(0.2);
        g.sources.push_back(s);
    }
    const int mixes = r.integer(1, kMaxTestMixes);
    std::vector<bool> slot_used(kMaxMixes, false);
    for (int i = 0; i < mixes; ++i) {
        Mix m;
        m.name = "m" + std::to_string(i);
        do m.slot = r.integer(0, kMaxMixes - 1);
        while (slot_used[static_cast<std::size_t>(m.slot)]);
        slot_used[static_cast<std::size_t>(m.slot)] = true;
        randomise_mix(r, g, m);
        g.mixes.push_back(m);
    }
    return g;
}

// A change the way a user makes one: one mix's settings, the rest of the graph as it was.
void change_one_mix(Random& r, Graph& g) {
    Mix& m = g.mixes[static_cast<std::size_t>(r.integer(0, static_cast<int>(g.mixes.size()) - 1))];
    randomise_mix(r, g, m);
}

std::string describe(const Graph& g) {
    std::string text;
    for (const Source& s : g.sources)
        text += "source " + s.name + " ch " + std::to_string(s.channels[0]) + "," + std::to_string(s.channels[1]) +
                " trim " + std::to_string(s.trim_db) + (s.invert ? " inverted" : "") + "\n";
    for (const Mix& m : g.mixes) {
        text += "mix " + m.name + " slot " + std::to_string(m.slot) + " master " + std::to_string(m.master_db) +
                (m.mute ? " muted" : "") + (m.mono ? " mono" : "") + " pan law " + to_string(m.pan_law) + " ceiling " +
                std::to_string(m.limiter_ceiling_db) + " eq " + (m.eq.enabled ? "on" : "off");
        for (const EqBand& b : {m.eq.low, m.eq.mid, m.eq.high})
            text += " [" + std::to_string(b.freq_hz) + " Hz " + std::to_string(b.gain_db) + " dB Q " +
                    std::to_string(b.q) + "]";
        for (const auto& [name, send] : m.sends)
            text += "\n  send " + name + " " + std::to_string(send.level_db) + " dB pan " + std::to_string(send.pan) +
                    (send.mute ? " muted" : "") + (send.solo ? " solo" : "");
        text += "\n";
    }
    return text;
}

}  // namespace

TEST(LimiterProperty, NoOutputSampleIsAboveTheCeilingOrNotFiniteWhateverTheGraphAndInput) {
    const uint64_t blocks = env_u64("HEADAMP_PROPERTY_BLOCKS", 100000);
    const uint64_t seed =
        env_u64("HEADAMP_PROPERTY_SEED", std::random_device{}() * 0x100000000ull + std::random_device{}());
    const std::string replay = "seed " + std::to_string(seed) +
                               " (replay: HEADAMP_PROPERTY_SEED=" + std::to_string(seed) +
                               " HEADAMP_PROPERTY_BLOCKS=" + std::to_string(blocks) + ")";
    std::printf("limiter property: %llu blocks, %s\n", static_cast<unsigned long long>(blocks), replay.c_str());
    Random r(seed);

    double rate = 48000.0;
    Engine engine(rate);
    Graph graph = random_graph(r);
    ASSERT_FALSE(engine.set_graph(graph)) << replay;

    std::vector<std::vector<float>> in(kMaxChannels, std::vector<float>(kMaxFrames));
    std::vector<std::vector<float>> out(2 * kMaxMixes, std::vector<float>(kMaxFrames));
    std::vector<const float*> in_ptr(kMaxChannels, nullptr);
    std::vector<float*> out_ptr(2 * kMaxMixes);
    for (std::size_t i = 0; i < out.size(); ++i) out_ptr[i] = out[i].data();
    std::vector<Signal> signal(kMaxChannels);
    for (auto& s : signal) s = Signal::random(r);

    uint64_t frames_total = 0, samples_checked = 0, graph_changes = 0;
    float loudest = 0.0f;  // relative to the ceiling: shows the limiter was driven to it, not only below it
    const auto start = std::chrono::steady_clock::now();
    for (uint64_t block = 0; block < blocks; ++block) {
        if (r.chance(0.002)) {
            if (r.chance(0.3))
                graph = random_graph(r);
            else
                change_one_mix(r, graph);
            if (r.chance(0.05)) {
                rate = r.pick({22050.0, 44100.0, 48000.0, 96000.0, 192000.0});
                engine.set_sample_rate(rate);
            }
            ASSERT_FALSE(engine.set_graph(graph)) << replay << "\n" << describe(graph);
            engine.reclaim();
            ++graph_changes;
        }
        const uint32_t n = r.chance(0.5) ? (16u << r.integer(0, 6)) : static_cast<uint32_t>(r.integer(1, kMaxFrames));
        for (const Source& s : graph.sources)
            for (int side = 0; side < (s.stereo() ? 2 : 1); ++side) {
                const auto c = static_cast<std::size_t>(s.channels[static_cast<std::size_t>(side)]);
                if (r.chance(0.02)) signal[c] = Signal::random(r);
                in_ptr[c] = signal[c].connected ? in[c].data() : nullptr;
                for (uint32_t i = 0; i < n; ++i) in[c][i] = signal[c].sample();
            }
        // A sample the engine forgot to write stays NaN and fails the check below.
        for (const Mix& m : graph.mixes)
            for (int side = 0; side < 2; ++side)
                std::fill_n(out[static_cast<std::size_t>(2 * m.slot + side)].begin(), n, kNan);

        engine.process(in_ptr.data(), out_ptr.data(), n);

        for (const Mix& m : graph.mixes) {
            const float ceiling = static_cast<float>(db_to_gain(m.limiter_ceiling_db));
            for (int side = 0; side < 2; ++side) {
                const float* y = out[static_cast<std::size_t>(2 * m.slot + side)].data();
                for (uint32_t i = 0; i < n; ++i) {
                    const float v = y[i];
                    if (!std::isfinite(v) || std::fabs(v) > ceiling || std::fpclassify(v) == FP_SUBNORMAL)
                        FAIL() << "block " << block << " of " << blocks << ", mix " << m.name << " side " << side
                               << " sample " << i << " of " << n << ": " << v << " (ceiling " << ceiling << ")\n"
                               << replay << "\n"
                               << describe(graph);
                    loudest = std::max(loudest, std::fabs(v) / ceiling);
                }
                samples_checked += n;
            }
        }
        frames_total += n;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf(
        "limiter property: %llu blocks, %llu frames, %llu output samples checked, %llu graph changes, "
        "loudest sample %.6f of its ceiling, %.1f s\n",
        static_cast<unsigned long long>(blocks), static_cast<unsigned long long>(frames_total),
        static_cast<unsigned long long>(samples_checked), static_cast<unsigned long long>(graph_changes),
        static_cast<double>(loudest), seconds);
    EXPECT_GT(loudest, 0.9f) << "nothing came near a ceiling: the inputs did not exercise the limiter\n" << replay;
}
