// Engine throughput: sources x mixes x frames, reported as time per source·mix·frame.
#include <benchmark/benchmark.h>

#include <array>
#include <cmath>
#include <vector>

#include "core/engine.hpp"

using namespace headamp::core;

namespace {

void BM_Engine(benchmark::State& state) {
    const int sources = static_cast<int>(state.range(0));
    const int mixes = static_cast<int>(state.range(1));
    const auto frames = static_cast<uint32_t>(state.range(2));
    Engine engine(48000.0);
    Graph g;
    for (int s = 0; s < sources; ++s) g.sources.push_back({"s" + std::to_string(s), {s, -1}, 0.0, false});
    for (int m = 0; m < mixes; ++m) {
        Mix mix;
        mix.name = "m" + std::to_string(m);
        mix.slot = m;
        mix.eq.enabled = true;  // the realistic worst case: EQ and limiter on in every mix
        for (int s = 0; s < sources; ++s)
            mix.sends["s" + std::to_string(s)] = {-6.0 - (s + m) % 12, ((s * 7 + m) % 21 - 10) / 10.0, false, false};
        g.mixes.push_back(mix);
    }
    if (auto e = engine.set_graph(g)) state.SkipWithError(e->c_str());

    std::vector<std::vector<float>> in(static_cast<std::size_t>(sources), std::vector<float>(frames));
    std::vector<std::vector<float>> out(static_cast<std::size_t>(2 * mixes), std::vector<float>(frames));
    for (int s = 0; s < sources; ++s)
        for (uint32_t i = 0; i < frames; ++i)
            in[static_cast<std::size_t>(s)][i] = static_cast<float>(0.1 * std::sin(0.01 * (i + 37 * s)));
    std::array<const float*, kMaxChannels> in_ptr{};
    std::array<float*, 2 * kMaxMixes> out_ptr{};
    for (int s = 0; s < sources; ++s) in_ptr[static_cast<std::size_t>(s)] = in[static_cast<std::size_t>(s)].data();
    for (int o = 0; o < 2 * mixes; ++o) out_ptr[static_cast<std::size_t>(o)] = out[static_cast<std::size_t>(o)].data();
    for (int warm = 0; warm < 100; ++warm) engine.process(in_ptr.data(), out_ptr.data(), frames);  // ramps done

    for (auto _ : state) {
        engine.process(in_ptr.data(), out_ptr.data(), frames);
        benchmark::DoNotOptimize(out_ptr[0][0]);
        benchmark::ClobberMemory();
    }
    const double work = static_cast<double>(sources) * mixes * frames;
    state.counters["per_source_mix_frame"] =
        benchmark::Counter(work, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
    // The share of a real-time period (frames / 48 kHz) that one cycle uses: 0.05 = 5 % DSP load.
    state.counters["dsp_load_48k"] = benchmark::Counter(
        frames / 48000.0, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

}  // namespace

BENCHMARK(BM_Engine)
    ->ArgNames({"sources", "mixes", "frames"})
    ->ArgsProduct({{8}, {2}, {32, 256}})
    ->ArgsProduct({{32}, {8}, {32, 256}})
    ->ArgsProduct({{64}, {16}, {32, 256}});

BENCHMARK_MAIN();
