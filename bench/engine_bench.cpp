// Engine throughput: sources x mixes x frames, reported as time per source·mix·frame, then as a share of
// the machine's measured FMA peak at the engine's SIMD level.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "core/engine.hpp"
#include "fma_peak.hpp"

using namespace headamp::core;

namespace {

// An engine with every source sent to every mix at different levels and pans, and its buffers.
struct EngineUnderTest {
    EngineUnderTest(int source_count, int mix_count, uint32_t frame_count)
        : sources(source_count), mixes(mix_count), frames(frame_count), engine(48000.0) {
        Graph g;
        for (int s = 0; s < sources; ++s) g.sources.push_back({"s" + std::to_string(s), {s, -1}, 0.0, false});
        for (int m = 0; m < mixes; ++m) {
            Mix mix;
            mix.name = "m" + std::to_string(m);
            mix.slot = m;
            mix.eq.enabled = true;  // the realistic worst case: EQ and limiter on in every mix
            for (int s = 0; s < sources; ++s)
                mix.sends["s" + std::to_string(s)] = {-6.0 - (s + m) % 12, ((s * 7 + m) % 21 - 10) / 10.0, false,
                                                      false};
            g.mixes.push_back(mix);
        }
        error = engine.set_graph(g);
        in.assign(static_cast<std::size_t>(sources), std::vector<float>(frames));
        out.assign(static_cast<std::size_t>(2 * mixes), std::vector<float>(frames));
        for (int s = 0; s < sources; ++s)
            for (uint32_t i = 0; i < frames; ++i)
                in[static_cast<std::size_t>(s)][i] = static_cast<float>(0.1 * std::sin(0.01 * (i + 37 * s)));
        for (int s = 0; s < sources; ++s) in_ptr[static_cast<std::size_t>(s)] = in[static_cast<std::size_t>(s)].data();
        for (int o = 0; o < 2 * mixes; ++o)
            out_ptr[static_cast<std::size_t>(o)] = out[static_cast<std::size_t>(o)].data();
        for (int warm = 0; warm < 100; ++warm) run();  // ramps done: the steady state
    }
    void run() { engine.process(in_ptr.data(), out_ptr.data(), frames); }

    int sources, mixes;
    uint32_t frames;
    Engine engine;
    std::optional<std::string> error;
    std::vector<std::vector<float>> in, out;
    std::array<const float*, kMaxChannels> in_ptr{};
    std::array<float*, 2 * kMaxMixes> out_ptr{};
};

void BM_Engine(benchmark::State& state) {
    EngineUnderTest e(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)),
                      static_cast<uint32_t>(state.range(2)));
    if (e.error) state.SkipWithError(e.error->c_str());
    for (auto _ : state) {
        e.run();
        benchmark::DoNotOptimize(e.out_ptr[0][0]);
        benchmark::ClobberMemory();
    }
    const double work = static_cast<double>(e.sources) * e.mixes * e.frames;
    state.counters["per_source_mix_frame"] =
        benchmark::Counter(work, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
    // The share of a real-time period (frames / 48 kHz) that one cycle uses: 0.05 = 5 % DSP load.
    state.counters["dsp_load_48k"] = benchmark::Counter(
        e.frames / 48000.0, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

double thread_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// The send matrix's useful FMAs (sources x 2 mixes x frames per cycle) per second of thread CPU
// time, best of a few runs of ~0.2 s; everything else the engine does (EQ, limiter, meters) counts
// as time but not as FMAs.
double steady_state_fma_rate(int sources, int mixes, uint32_t frames) {
    EngineUnderTest e(sources, mixes, frames);
    const double fmas_per_cycle = static_cast<double>(sources) * 2 * mixes * frames;
    const int cycles = std::max(1, static_cast<int>(2e8 / fmas_per_cycle));
    double best = 0.0;
    for (int run = 0; run < 5; ++run) {
        const double start = thread_seconds();
        for (int c = 0; c < cycles; ++c) e.run();
        best = std::max(best, fmas_per_cycle * cycles / (thread_seconds() - start));
    }
    return best;
}

}  // namespace

BENCHMARK(BM_Engine)
    ->ArgNames({"sources", "mixes", "frames"})
    ->ArgsProduct({{8}, {2}, {32, 256}})
    ->ArgsProduct({{32}, {8}, {32, 256}})
    ->ArgsProduct({{64}, {16}, {32, 256}});

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();

    const SimdLevel level = Engine(48000.0).simd_level();
    const double peak = headamp::bench::measure_fma_peak(level);
    std::printf("\nSIMD level: %s\nmeasured FMA peak (one core, %s): %.1f GFMA/s\n", to_string(level), to_string(level),
                peak / 1e9);
    for (uint32_t frames : {256u, 32u}) {
        const double rate = steady_state_fma_rate(64, 16, frames);
        std::printf(
            "engine steady state 64 x 16 x %u (EQ and limiter on): %.1f GFMA/s of send matrix = %.1f %% of peak\n",
            frames, rate / 1e9, 100.0 * rate / peak);
    }
    return 0;
}
