// The pure parts of the JACK room: port names and links from a graph, and the default patch.
#include <gtest/gtest.h>

#include "jack/default_patch.hpp"
#include "jack/port_plan.hpp"

using namespace headamp;

TEST(PortPlan, OneInputPerSourceChannelAndTwoOutputsPerMix) {
    core::Graph g;
    g.sources = {{"vox", {0, -1}, 0, false}, {"keys", {3, 4}, 0, false}};
    core::Mix m;
    m.name = "cue";
    m.slot = 2;
    g.mixes = {m};
    jack::PortBindings b;
    b.sources["keys"] = {"system:capture_3", "system:capture_4"};
    b.mixes["cue"] = {"system:playback_1", "system:playback_2"};
    const jack::PortPlan plan = jack::plan_ports(g, b);
    EXPECT_EQ(plan.inputs[0], "vox");
    EXPECT_EQ(plan.inputs[3], "keys_L");
    EXPECT_EQ(plan.inputs[4], "keys_R");
    EXPECT_EQ(plan.inputs[1], "");
    EXPECT_EQ(plan.outputs[4], "cue_L");
    EXPECT_EQ(plan.outputs[5], "cue_R");
    EXPECT_EQ(plan.outputs[0], "");
    const std::vector<jack::PortLink> expected = {{true, 3, "system:capture_3"},
                                                  {true, 4, "system:capture_4"},
                                                  {false, 4, "system:playback_1"},
                                                  {false, 5, "system:playback_2"}};
    EXPECT_EQ(plan.links, expected) << "L must go to the lower-numbered playback port, R to the other";
}

TEST(DefaultPatch, PhysicalInputsBecomeCentredMonoSourcesAndMixOneGoesToThePhones) {
    core::Graph g;
    jack::PortBindings b;
    jack::apply_default_patch(g, b, {"system:capture_1", "system:capture_2", "system:capture_3"},
                              {"system:playback_1", "system:playback_2", "system:playback_3"});
    ASSERT_EQ(g.sources.size(), 3u);
    for (const auto& s : g.sources) EXPECT_FALSE(s.stereo()) << "docs/ARCHITECTURE.md, stereo rule 1: mono by default";
    EXPECT_EQ(g.sources[2].name, "in3");
    EXPECT_EQ(b.sources["in3"], std::vector<std::string>{"system:capture_3"});
    ASSERT_EQ(g.mixes.size(), 1u);
    EXPECT_EQ(g.mixes[0].send_for("in1").pan, 0.0);
    EXPECT_EQ(b.mixes["mix1"], (std::array<std::string, 2>{"system:playback_1", "system:playback_2"}));
    EXPECT_FALSE(core::validate(g));
}

TEST(DefaultPatch, LeavesConfiguredSourcesMixesAndOutputsAlone) {
    core::Graph g;
    g.sources = {{"vox", {0, -1}, 0, false}};
    core::Mix m;
    m.name = "cue";
    m.slot = 0;
    g.mixes = {m};
    jack::PortBindings b;
    b.mixes["cue"] = {"x:a", "x:b"};
    const core::Graph before = g;
    jack::apply_default_patch(g, b, {"system:capture_1"}, {"system:playback_1", "system:playback_2"});
    EXPECT_EQ(g, before);
    EXPECT_EQ(b.mixes["cue"][0], "x:a");
}

TEST(DefaultPatch, NoPlaybackPairMeansNoRoute) {
    core::Graph g;
    jack::PortBindings b;
    jack::apply_default_patch(g, b, {}, {"system:playback_1"});
    EXPECT_TRUE(g.sources.empty());
    EXPECT_EQ(g.mixes.size(), 1u);
    EXPECT_TRUE(b.mixes.empty());
}
