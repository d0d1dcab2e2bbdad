// The engine against closed-form expectations: levels, pan laws, linked pairs, solo/mute, ramps, safety.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>

#include "engine_fixture.hpp"

using namespace headamp::core;
using namespace headamp::test;

namespace {

// Settle all ramps (10 ms) and return the last sample of each side of the mix.
std::pair<float, float> settled(Engine& e, EngineRig& rig, int mix = 0) {
    rig.run(e, 4);
    return {rig.left(mix).back(), rig.right(mix).back()};
}

Graph one_mono_one_mix(PanLaw law = PanLaw::ConstantPower) {
    Graph g;
    g.sources = {mono("vox", 0)};
    g.mixes = {mix("cue", 0)};
    g.mixes[0].pan_law = law;
    return g;
}

}  // namespace

TEST(Engine, MonoSourceAtCentreFollowsEachPanLaw) {
    for (auto [law, db] :
         {std::pair{PanLaw::ConstantPower, -3.0103}, {PanLaw::Linear, -6.0206}, {PanLaw::ZeroDb, 0.0}}) {
        Engine e(kRate);
        ASSERT_FALSE(e.set_graph(one_mono_one_mix(law)));
        EngineRig rig;
        rig.fill(0, 0.5f);
        auto [l, r] = settled(e, rig);
        EXPECT_NEAR(to_db(l / 0.5), db, 0.01) << to_string(law);
        EXPECT_NEAR(to_db(r / 0.5), db, 0.01) << to_string(law);
        EXPECT_EQ(l, r) << "a centred mono source is identical in both ears";
    }
}

TEST(Engine, HardLeftIsSilentOnTheRight) {
    Engine e(kRate);
    Graph g = one_mono_one_mix();
    g.mixes[0].sends["vox"].pan = -1.0;
    ASSERT_FALSE(e.set_graph(g));
    EngineRig rig;
    rig.fill(0, 0.5f);
    auto [l, r] = settled(e, rig);
    EXPECT_FLOAT_EQ(l, 0.5f);
    EXPECT_EQ(r, 0.0f);
}

TEST(Engine, LinkedStereoPairKeepsLeftToLeftAndRightToRightWithoutLeakage) {
    Engine e(kRate);
    Graph g;
    g.sources = {stereo("keys", 2, 3)};
    g.mixes = {mix("cue", 0)};
    ASSERT_FALSE(e.set_graph(g));
    EngineRig rig;
    rig.fill(2, 0.25f);
    rig.fill(3, 0.0f);
    auto [l, r] = settled(e, rig);
    EXPECT_FLOAT_EQ(l, 0.25f);
    EXPECT_EQ(r, 0.0f) << "left channel leaked into the right ear";
    rig.fill(2, 0.0f);
    rig.fill(3, -0.125f);
    std::tie(l, r) = settled(e, rig);
    EXPECT_EQ(l, 0.0f) << "right channel leaked into the left ear";
    EXPECT_FLOAT_EQ(r, -0.125f) << "polarity or level changed";
}

TEST(Engine, LeftAndRightAreSampleAlignedAndComputedFromTheSameInput) {
    Engine e(kRate);
    Graph g;
    g.sources = {stereo("pair", 0, 1)};
    g.mixes = {mix("cue", 0)};
    ASSERT_FALSE(e.set_graph(g));
    EngineRig rig(1024);
    for (uint32_t i = 0; i < rig.frames; ++i) {
        const float v = static_cast<float>(0.5 * std::sin(2 * std::numbers::pi * 440 * i / kRate));
        rig.in[0][i] = v;
        rig.in[1][i] = v;
    }
    rig.run(e, 2);
    for (uint32_t i = 0; i < rig.frames; ++i) {
        ASSERT_EQ(rig.left(0)[i], rig.in[0][i]) << i;
        ASSERT_EQ(rig.right(0)[i], rig.in[1][i]) << i;
    }
}

TEST(Engine, BalanceTurnsOneSideDownOnly) {
    Engine e(kRate);
    Graph g;
    g.sources = {stereo("keys", 0, 1)};
    g.mixes = {mix("cue", 0)};
    g.mixes[0].sends["keys"].pan = 0.5;
    ASSERT_FALSE(e.set_graph(g));
    EngineRig rig;
    rig.fill(0, 0.5f);
    rig.fill(1, 0.5f);
    auto [l, r] = settled(e, rig);
    EXPECT_FLOAT_EQ(l, 0.25f);
    EXPECT_FLOAT_EQ(r, 0.5f);
}

TEST(Engine, SendLevelTrimAndMasterAddUpInDb) {
    Engine e(kRate);
    Graph g = one_mono_one_mix(PanLaw::ZeroDb);
    g.sources[0].trim_db = 6.0;
    g.mixes[0].sends["vox"].level_db = -10.0;
    g.mixes[0].master_db = -2.0;
    ASSERT_FALSE(e.set_graph(g));
    EngineRig rig;
    rig.fill(0, 0.1f);
    auto [l, r] = settled(e, rig);
    EXPECT_NEAR(to_db(l / 0.1), -6.0, 0.001);
    EXPECT_NEAR(to_db(r / 0.1), -6.0, 0.001);
}

TEST(Engine, PolarityInvertFlipsTheSign) {
    Engine e(kRate);
    Graph g = one_mono_one_mix(PanLaw::ZeroDb);
    g.sources[0].invert = true;
    ASSERT_FALSE(e.set_graph(g));
    EngineRig rig;
    rig.fill(0, 0.3f);
    auto [l, r] = settled(e, rig);
    EXPECT_FLOAT_EQ(l, -0.3f);
    EXPECT_FLOAT_EQ(r, -0.3f);
}

TEST(Engine, SoloSilencesTheOtherSourcesOfThatMixOnly) {
    Engine e(kRate);
    Graph g;
    g.sources = {mono("a", 0), mono("b", 1)};
    g.mixes = {mix("one", 0), mix("two", 1)};
    for (auto& m : g.mixes) m.pan_law = PanLaw::ZeroDb;
    g.mixes[0].sends["a"].solo = true;
    ASSERT_FALSE(e.set_graph(g));
    EngineRig rig;
    rig.fill(0, 0.1f);
    rig.fill(1, 0.2f);
    auto [l0, r0] = settled(e, rig, 0);
    EXPECT_FLOAT_EQ(l0, 0.1f) << "only the soloed source is heard in mix one";
    EXPECT_FLOAT_EQ(rig.left(1).back(), 0.3f) << "mix two is unaffected by mix one's solo";

    g.mixes[0].sends["b"].solo = true;  // two soloed: both heard
    ASSERT_FALSE(e.set_graph(g));
    std::tie(l0, r0) = settled(e, rig, 0);
    EXPECT_FLOAT_EQ(l0, 0.3f);

    g.mixes[0].sends["b"].mute = true;  // mute wins over solo
    ASSERT_FALSE(e.set_graph(g));
    std::tie(l0, r0) = settled(e, rig, 0);
    EXPECT_FLOAT_EQ(l0, 0.1f);
}

TEST(Engine, MuteOfASendAndOfAMix) {
    Engine e(kRate);
    Graph g;
    g.sources = {mono("a", 0), mono("b", 1)};
    g.mixes = {mix("one", 0)};
    g.mixes[0].pan_law = PanLaw::ZeroDb;
    g.mixes[0].sends["a"].mute = true;
    ASSERT_FALSE(e.set_graph(g));
    EngineRig rig;
    rig.fill(0, 0.1f);
    rig.fill(1, 0.2f);
    EXPECT_FLOAT_EQ(settled(e, rig).first, 0.2f);
    g.mixes[0].mute = true;
    ASSERT_FALSE(e.set_graph(g));
    EXPECT_EQ(settled(e, rig).first, 0.0f);
    EXPECT_EQ(rig.right(0).back(), 0.0f);
}

TEST(Engine, MonoSwitchSumsTheMix) {
    Engine e(kRate);
    Graph g;
    g.sources = {stereo("keys", 0, 1)};
    g.mixes = {mix("cue", 0)};
    g.mixes[0].mono = true;
    ASSERT_FALSE(e.set_graph(g));
    EngineRig rig;
    rig.fill(0, 0.4f);
    rig.fill(1, 0.0f);
    auto [l, r] = settled(e, rig);
    EXPECT_FLOAT_EQ(l, 0.2f);
    EXPECT_FLOAT_EQ(r, 0.2f);
}

TEST(Engine, GainChangesRampWithinTenMillisecondsWithoutOvershoot) {
    Engine e(kRate);
    Graph g = one_mono_one_mix(PanLaw::ZeroDb);
    ASSERT_FALSE(e.set_graph(g));
    EngineRig rig(32);
    rig.fill(0, 1.0f);
    rig.run(e, 40);  // fade-in done
    ASSERT_FLOAT_EQ(rig.left(0).back(), 1.0f);
    g.mixes[0].sends["vox"].level_db = -20.0;
    ASSERT_FALSE(e.set_graph(g));
    const int ramp = static_cast<int>(kRampSeconds * kRate);
    std::vector<float> seen;
    for (int cycle = 0; cycle < 20; ++cycle) {
        rig.run(e);
        seen.insert(seen.end(), rig.left(0).begin(), rig.left(0).end());
    }
    float prev = 1.0f;
    for (std::size_t i = 0; i < seen.size(); ++i) {
        ASSERT_LE(seen[i], prev) << "not monotonic at " << i;
        ASSERT_GE(seen[i], 0.1f - 1e-6f) << "overshoot at " << i;
        prev = seen[i];
    }
    EXPECT_GT(seen[0], 0.99f) << "a step, not a ramp";
    EXPECT_FLOAT_EQ(seen[static_cast<std::size_t>(ramp - 1)], 0.1f) << "target not reached within 10 ms";
}

TEST(Engine, EqBoostAtItsCentreFrequency) {
    Engine e(kRate);
    Graph g = one_mono_one_mix(PanLaw::ZeroDb);
    g.mixes[0].eq.enabled = true;
    g.mixes[0].eq.mid = {2000.0, 9.0, 1.0};
    ASSERT_FALSE(e.set_graph(g));
    EngineRig rig(4800);
    float peak = 0.0f;
    for (int cycle = 0; cycle < 6; ++cycle) {
        for (uint32_t i = 0; i < rig.frames; ++i)
            rig.in[0][i] =
                static_cast<float>(0.01 * std::sin(2 * std::numbers::pi * 2000 * (cycle * rig.frames + i) / kRate));
        rig.run(e);
        if (cycle >= 4)
            for (float v : rig.left(0)) peak = std::max(peak, std::fabs(v));
    }
    EXPECT_NEAR(to_db(peak / 0.01), 9.0, 0.1);
}

TEST(Engine, LimiterCeilingHoldsOnFullScaleSquareWavesAtPlus24dB) {
    Engine e(kRate);
    Graph g;
    g.sources = {mono("a", 0), stereo("b", 1, 2)};
    g.mixes = {mix("cue", 0)};
    g.mixes[0].limiter_ceiling_db = -1.0;
    g.mixes[0].master_db = 24.0;
    g.mixes[0].sends["a"].level_db = 12.0;
    g.mixes[0].sends["b"].level_db = 12.0;
    g.mixes[0].eq.enabled = true;
    g.mixes[0].eq.low.gain_db = 18.0;
    g.sources[0].trim_db = 24.0;
    ASSERT_FALSE(e.set_graph(g));
    const float ceiling = static_cast<float>(std::pow(10.0, -1.0 / 20.0));
    EngineRig rig(256);
    float peak = 0.0f;
    for (int cycle = 0; cycle < 200; ++cycle) {
        for (uint32_t i = 0; i < rig.frames; ++i) {
            const float sq = ((cycle * rig.frames + i) / 24) % 2 ? 1.0f : -1.0f;  // 1 kHz square
            rig.in[0][i] = sq;
            rig.in[1][i] = sq;
            rig.in[2][i] = -sq;
        }
        rig.run(e);
        for (int side = 0; side < 2; ++side)
            for (float v : rig.out[static_cast<std::size_t>(side)]) {
                ASSERT_TRUE(std::isfinite(v));
                peak = std::max(peak, std::fabs(v));
            }
    }
    EXPECT_LE(peak, ceiling);
    EXPECT_GT(peak, ceiling * 0.9f) << "limited far below the ceiling: the limiter is not doing its job";
}

TEST(Engine, LimiterCeilingHoldsForHugeFiniteInputs) {
    Engine e(kRate);
    Graph g = one_mono_one_mix();
    g.mixes[0].limiter_ceiling_db = -6.0;
    g.mixes[0].master_db = 24.0;
    ASSERT_FALSE(e.set_graph(g));
    EngineRig rig;
    rig.fill(0, std::numeric_limits<float>::max());
    rig.run(e, 10);
    for (float v : rig.left(0)) {
        ASSERT_TRUE(std::isfinite(v));
        ASSERT_LE(std::fabs(v), 0.5012f);
    }
}

TEST(Engine, NanAndInfInputsGiveFiniteOutputAndSilenceOnlyThatSource) {
    Engine e(kRate);
    Graph g;
    g.sources = {mono("bad", 0), mono("good", 1)};
    g.mixes = {mix("cue", 0)};
    g.mixes[0].pan_law = PanLaw::ZeroDb;
    g.mixes[0].eq.enabled = true;
    ASSERT_FALSE(e.set_graph(g));
    EngineRig rig;
    rig.fill(1, 0.25f);
    for (float poison : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                         -std::numeric_limits<float>::infinity()}) {
        rig.fill(0, 0.5f);
        rig.in[0][17] = poison;
        rig.run(e, 5);
        for (int side = 0; side < 2; ++side)
            for (float v : rig.out[static_cast<std::size_t>(side)]) ASSERT_TRUE(std::isfinite(v));
        EXPECT_NEAR(rig.left(0).back(), 0.25f, 1e-6) << "the good source must still be heard, alone";
        EXPECT_TRUE(std::isfinite(e.meters().channel[0].read().peak));
    }
    rig.fill(0, 0.5f);  // the bad source comes back once it is clean
    rig.run(e, 2);
    EXPECT_NEAR(rig.left(0).back(), 0.75f, 1e-6);
}

TEST(Engine, DenormalInputsAreFlushed) {
    Engine e(kRate);
    Graph g = one_mono_one_mix(PanLaw::ZeroDb);
    ASSERT_FALSE(e.set_graph(g));
    EngineRig rig;
    rig.fill(0, 1e-40f);  // subnormal
    rig.run(e, 4);
    EXPECT_EQ(rig.left(0).back(), 0.0f);
}

TEST(Engine, MetersReportPeakAndRmsOfSourcesAndMixes) {
    Engine e(kRate);
    Graph g = one_mono_one_mix(PanLaw::ZeroDb);
    ASSERT_FALSE(e.set_graph(g));
    EngineRig rig(480);
    for (uint32_t i = 0; i < rig.frames; ++i) rig.in[0][i] = (i % 2) ? 0.5f : -0.5f;
    rig.run(e, 200);  // 2 s
    EXPECT_NEAR(e.meters().channel[0].read().peak, 0.5f, 1e-6);
    EXPECT_NEAR(e.meters().channel[0].read().rms, 0.5f, 1e-3);
    EXPECT_NEAR(e.meters().mix[0][1].read().rms, 0.5f, 1e-3);
    rig.fill(0, 0.0f);
    rig.run(e, 150);  // 1.5 s of silence: peak has fallen ~20 dB
    EXPECT_NEAR(to_db(e.meters().channel[0].read().peak / 0.5f), -20.0, 0.5);
    // Mean square decays with the 300 ms time constant: rms = 0.5 * sqrt(exp(-1.5 / 0.3)).
    EXPECT_NEAR(e.meters().channel[0].read().rms, 0.5 * std::sqrt(std::exp(-1.5 / 0.3)), 0.002);
}

TEST(Engine, InvalidGraphsAreRejectedAndChangeNothing) {
    Engine e(kRate);
    Graph good = one_mono_one_mix(PanLaw::ZeroDb);
    ASSERT_FALSE(e.set_graph(good));
    Graph bad = good;
    bad.mixes[0].sends["vox"].level_db = std::numeric_limits<double>::quiet_NaN();
    EXPECT_TRUE(e.set_graph(bad));
    bad = good;
    bad.sources.push_back(mono("vox", 3));
    EXPECT_EQ(*e.set_graph(bad), "source name 'vox' is used twice");
    bad = good;
    bad.sources.push_back(mono("other", 0));
    EXPECT_TRUE(e.set_graph(bad));
    bad = good;
    bad.mixes[0].name = "vox";  // its ports vox_L/vox_R are fine, but a stereo source "vox" would clash
    bad.sources[0] = stereo("vox", 0, 1);
    EXPECT_EQ(*e.set_graph(bad),
              "mix 'vox' would have the JACK port name 'vox_L' of a source's input; give the mix another name");
    bad = good;
    bad.mixes[0].slot = kMaxMixes;
    EXPECT_TRUE(e.set_graph(bad));
    EXPECT_EQ(e.graph(), good);
    EngineRig rig;
    rig.fill(0, 0.5f);
    EXPECT_FLOAT_EQ(settled(e, rig).first, 0.5f);
}

TEST(Engine, NewMixFadesInAndRemovedMixStopsWithoutTouchingTheOthers) {
    Engine e(kRate);
    Graph g = one_mono_one_mix(PanLaw::ZeroDb);
    ASSERT_FALSE(e.set_graph(g));
    EngineRig rig(32);
    rig.fill(0, 0.5f);
    rig.run(e, 40);
    g.mixes.push_back(mix("second", 5));
    g.mixes.back().pan_law = PanLaw::ZeroDb;
    ASSERT_FALSE(e.set_graph(g));
    rig.run(e);
    EXPECT_LT(rig.left(5).front(), 0.1f) << "a new mix starts from silence";
    EXPECT_FLOAT_EQ(rig.left(0).front(), 0.5f) << "mix one did not move";
    rig.run(e, 20);
    EXPECT_FLOAT_EQ(rig.left(5).back(), 0.5f);
    g.mixes.erase(g.mixes.begin());
    ASSERT_FALSE(e.set_graph(g));
    std::fill(rig.out[0].begin(), rig.out[0].end(), 7.0f);
    rig.run(e);
    EXPECT_EQ(rig.left(0).front(), 7.0f) << "a removed mix no longer writes its outputs";
    EXPECT_FLOAT_EQ(rig.left(5).front(), 0.5f);
}

TEST(Engine, SnapshotsAreReclaimedOnlyAfterTheProcessSideMovedOn) {
    Engine e(kRate);
    Graph g = one_mono_one_mix();
    EngineRig rig;
    rig.run(e);
    ASSERT_FALSE(e.set_graph(g));
    g.mixes[0].master_db = -3;
    ASSERT_FALSE(e.set_graph(g));
    e.reclaim();
    EXPECT_EQ(e.retired_snapshots(), 2u) << "the process side has taken neither new snapshot yet";
    rig.run(e);  // takes the latest
    e.reclaim();
    EXPECT_EQ(e.retired_snapshots(), 0u);
    ASSERT_FALSE(e.set_graph(g));
    e.reclaim_stopped();
    EXPECT_EQ(e.retired_snapshots(), 0u);
}
