// Proves the engine's process() allocates, frees and locks nothing, through every kind of change.
#include <gtest/gtest.h>

#include "core/realtime_scope.hpp"
#include "engine_fixture.hpp"
#include "realtime_probe.hpp"

using namespace headamp::core;
using namespace headamp::test;

namespace {

void run_realtime(Engine& e, EngineRig& rig, int cycles) {
    for (int i = 0; i < cycles; ++i) {
        RealtimeScope rt;
        e.process(rig.in_ptr.data(), rig.out_ptr.data(), rig.frames);
    }
}

}  // namespace

TEST(Realtime, ProbeCountsAnAllocationInsideTheScope) {
    reset_realtime_violations();
    {
        RealtimeScope rt;
        auto* p = new std::vector<int>(100);  // the probe must see this, or the test below proves nothing
        delete p;
    }
    EXPECT_GE(realtime_violations().allocations, 1u);
    EXPECT_GE(realtime_violations().frees, 1u);
    reset_realtime_violations();
    auto* q = new int(3);
    delete q;
    EXPECT_EQ(realtime_violations().total(), 0u) << "outside the scope nothing counts";
}

TEST(Realtime, ProcessAllocatesAndLocksNothingThroughEveryKindOfChange) {
    Engine e(kRate);
    EngineRig rig(1024);  // more than one sub-block
    for (int c = 0; c < 8; ++c) rig.fill(c, 0.1f * static_cast<float>(c));
    rig.in[3][5] = std::numeric_limits<float>::quiet_NaN();
    Graph g;
    g.sources = {mono("a", 0), mono("b", 1), stereo("c", 2, 3)};
    g.mixes = {mix("one", 0)};
    reset_realtime_violations();
    run_realtime(e, rig, 3);  // empty graph
    ASSERT_FALSE(e.set_graph(g));
    run_realtime(e, rig, 3);
    const auto change = [&](auto&& edit) {
        edit(g);
        ASSERT_FALSE(e.set_graph(g));
        run_realtime(e, rig, 2);  // mid-ramp ...
        e.reclaim();
        run_realtime(e, rig, 10);  // ... and settled
    };
    change([](Graph& gr) { gr.mixes[0].sends["a"].level_db = -12; });
    change([](Graph& gr) { gr.mixes[0].sends["b"].pan = -0.7; });
    change([](Graph& gr) { gr.mixes[0].sends["c"].solo = true; });
    change([](Graph& gr) { gr.mixes[0].sends["a"].mute = true; });
    change([](Graph& gr) { gr.mixes[0].master_db = 12; });
    change([](Graph& gr) { gr.mixes[0].mono = true; });
    change([](Graph& gr) {
        gr.mixes[0].eq.enabled = true;
        gr.mixes[0].eq.mid.gain_db = 6;
    });
    change([](Graph& gr) { gr.mixes[0].pan_law = PanLaw::Linear; });
    change([](Graph& gr) {
        gr.sources[0].invert = true;
        gr.sources[1].trim_db = 6;
    });
    change([](Graph& gr) { gr.mixes.push_back(mix("two", 7)); });     // mix add
    change([](Graph& gr) { gr.sources.push_back(mono("d", 4)); });    // source add
    change([](Graph& gr) { gr.sources.erase(gr.sources.begin()); });  // source remove
    change([](Graph& gr) { gr.mixes.erase(gr.mixes.begin()); });      // mix remove
    change([](Graph& gr) {
        gr.sources[1] = mono("c", 2);
        gr.sources.push_back(mono("e", 3));
    });  // unlink
    const RealtimeViolations v = realtime_violations();
    EXPECT_EQ(v.allocations, 0u);
    EXPECT_EQ(v.frees, 0u);
    EXPECT_EQ(v.mutex_locks, 0u);
}

// The kernels of every SIMD level this CPU runs, and more mixes than one vector of lanes holds (the
// EQ/limiter pass runs 4, 8 or 16 mixes side by side): 6 mixes, and 20 (groups of 16 and 4 with
// AVX-512, 8, 8 and 4 with AVX2), ramping and settled.
TEST(Realtime, EverySimdLevelAndASecondGroupOfMixLanesAllocateAndLockNothing) {
    for (const SimdLevel level :
         {SimdLevel::Portable, SimdLevel::Sse2, SimdLevel::Avx2, SimdLevel::Avx512, SimdLevel::Neon})
        for (const int mixes : {6, 20}) {
            if (!simd_level_supported(level)) continue;
            SCOPED_TRACE(std::string(to_string(level)) + ", " + std::to_string(mixes) + " mixes");
            Engine e(kRate, level);
            EngineRig rig(1024);
            for (int c = 0; c < 8; ++c) rig.fill(c, 0.1f * static_cast<float>(c + 1));
            Graph g;
            g.sources = {mono("a", 0), mono("b", 1), stereo("c", 2, 3)};
            for (int m = 0; m < mixes; ++m) g.mixes.push_back(mix("m" + std::to_string(m), m));
            g.mixes[5].eq.enabled = true;
            g.mixes[5].eq.low.gain_db = 6;
            reset_realtime_violations();
            ASSERT_FALSE(e.set_graph(g));
            run_realtime(e, rig, 2);  // everything ramps in
            e.reclaim();
            run_realtime(e, rig, 10);  // settled: the steady matrix
            g.mixes[4].sends["a"].level_db = -20;
            g.mixes[1].master_db = -6;
            ASSERT_FALSE(e.set_graph(g));
            run_realtime(e, rig, 2);  // a few pairs ramping beside the steady ones
            e.reclaim();
            run_realtime(e, rig, 10);
            const RealtimeViolations v = realtime_violations();
            EXPECT_EQ(v.allocations, 0u);
            EXPECT_EQ(v.frees, 0u);
            EXPECT_EQ(v.mutex_locks, 0u);
        }
}
