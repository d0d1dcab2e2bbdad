// Valid config files: the Graph, ports and JACK settings they turn into, and the defaults of what they omit.
#include <gtest/gtest.h>

#include "state/config.hpp"

namespace headamp::state {
namespace {

constexpr const char* kFullExample = R"(
[jack]
server = "rehearsal"
start_server = false
connect_physical = false

[[source]]
name = "vox"
ports = ["system:capture_1"]
trim_db = 3.5
invert = true

[[source]]
name = "keys"
ports = ["system:capture_3", "system:capture_4"]
trim_db = -6

[[source]]
name = "click"
ports = ["metro:out"]

[[mix]]
name = "drummer"
outputs = ["system:playback_1", "system:playback_2"]
master_db = -3
mute = true
mono = true
pan_law = "-6dB"
limiter_ceiling_db = -0.5

[mix.eq]
enabled = true
low  = { freq_hz = 80, gain_db = -2.5, q = 0.5 }
mid  = { freq_hz = 1200.0, gain_db = 1.0, q = 2 }
high = { freq_hz = 10000.0, gain_db = 3, q = 0.9 }

[mix.send.vox]
level_db = -6.0
pan = -30
mute = true
solo = true

[mix.send.keys]
level_db = "-inf"
pan = 100

[[mix]]
name = "Lead vox 2.0"
pan_law = "0dB"

[mix.send.click]
level_db = 12
)";

TEST(ConfigParse, FullExampleGivesTheExpectedGraphAndPorts) {
    const Config config = parse_config(kFullExample, "full.conf");

    EXPECT_EQ(config.jack.server, std::optional<std::string>("rehearsal"));
    EXPECT_FALSE(config.jack.start_server);
    EXPECT_FALSE(config.jack.connect_physical);

    core::Graph expected;
    expected.sources = {
        core::Source{"vox", {0, -1}, 3.5, true},
        core::Source{"keys", {1, 2}, -6.0, false},
        core::Source{"click", {3, -1}, 0.0, false},
    };
    core::Mix drummer;
    drummer.name = "drummer";
    drummer.slot = 0;
    drummer.master_db = -3.0;
    drummer.mute = true;
    drummer.mono = true;
    drummer.pan_law = core::PanLaw::Linear;
    drummer.limiter_ceiling_db = -0.5;
    drummer.eq = core::Eq{true, {80.0, -2.5, 0.5}, {1200.0, 1.0, 2.0}, {10000.0, 3.0, 0.9}};
    drummer.sends["vox"] = core::Send{-6.0, -0.3, true, true};
    drummer.sends["keys"] = core::Send{core::kSilenceDb, 1.0, false, false};
    core::Mix lead;
    lead.name = "Lead vox 2.0";
    lead.slot = 1;
    lead.pan_law = core::PanLaw::ZeroDb;
    lead.sends["click"] = core::Send{12.0, 0.0, false, false};
    expected.mixes = {drummer, lead};

    EXPECT_EQ(config.graph.sources, expected.sources);
    ASSERT_EQ(config.graph.mixes.size(), 2u);
    EXPECT_EQ(config.graph.mixes[0], drummer);
    EXPECT_EQ(config.graph.mixes[1], lead);
    EXPECT_EQ(config.graph, expected);

    const std::map<std::string, std::vector<std::string>> ports{
        {"vox", {"system:capture_1"}},
        {"keys", {"system:capture_3", "system:capture_4"}},
        {"click", {"metro:out"}},
    };
    EXPECT_EQ(config.source_ports, ports);
    const std::map<std::string, std::array<std::string, 2>> outputs{
        {"drummer", {"system:playback_1", "system:playback_2"}},
    };
    EXPECT_EQ(config.mix_outputs, outputs);
}

TEST(ConfigParse, EmptyFileGivesDefaults) {
    const Config config = parse_config("", "empty.conf");
    EXPECT_FALSE(config.jack.server.has_value());
    EXPECT_TRUE(config.jack.start_server);
    EXPECT_TRUE(config.jack.connect_physical);
    EXPECT_TRUE(config.graph.sources.empty());
    EXPECT_TRUE(config.graph.mixes.empty());
    EXPECT_TRUE(config.source_ports.empty());
    EXPECT_TRUE(config.mix_outputs.empty());
}

TEST(ConfigParse, ServerAndBridgeTimingAreReadAndDefaultToUsbFriendlyValues) {
    const Config defaults = parse_config("", "empty.conf");
    EXPECT_EQ(defaults.jack.server_rate, 48000);
    EXPECT_EQ(defaults.jack.server_period, 256);
    EXPECT_EQ(defaults.jack.server_nperiods, 3);
    EXPECT_EQ(defaults.jack.bridge_period, 256);
    EXPECT_EQ(defaults.jack.bridge_nperiods, 2);
    const Config slow = parse_config(R"(
        [jack]
        server_rate = 44100
        server_period = 1024
        server_nperiods = 2
        bridge_period = 2048
        bridge_nperiods = 4
    )",
                                     "slow.conf");
    EXPECT_EQ(slow.jack.server_rate, 44100);
    EXPECT_EQ(slow.jack.server_period, 1024);
    EXPECT_EQ(slow.jack.server_nperiods, 2);
    EXPECT_EQ(slow.jack.bridge_period, 2048);
    EXPECT_EQ(slow.jack.bridge_nperiods, 4);
}

TEST(ConfigParse, StationsAreOffUnlessNetworkSaysSo) {
    EXPECT_FALSE(parse_config("", "empty.conf").network.stations);
    EXPECT_TRUE(parse_config("[network]\nstations = true\n", "stations.conf").network.stations);
    EXPECT_FALSE(parse_config("[network]\n", "network.conf").network.stations);
    EXPECT_THROW(parse_config("[network]\nstation = true\n", "typo.conf"), ConfigError);
    EXPECT_THROW(parse_config("[network]\nstations = 1\n", "number.conf"), ConfigError);
}

TEST(ConfigParse, OmittedKeysTakeTheDefaultsOfTheGraph) {
    const Config config = parse_config(R"(
        [jack]
        [[source]]
        name = "gtr"
        ports = ["a:1"]
        [[mix]]
        name = "bass"
        [mix.eq]
        low = { gain_db = 2 }
        [mix.send.gtr]
    )",
                                       "defaults.conf");
    ASSERT_EQ(config.graph.sources.size(), 1u);
    const core::Source& gtr = config.graph.sources[0];
    EXPECT_EQ(gtr.channels, (std::array<int, 2>{0, -1}));
    EXPECT_FALSE(gtr.stereo());
    EXPECT_EQ(gtr.trim_db, core::Source{}.trim_db);
    EXPECT_EQ(gtr.invert, core::Source{}.invert);

    ASSERT_EQ(config.graph.mixes.size(), 1u);
    const core::Mix& bass = config.graph.mixes[0];
    const core::Mix defaults;
    EXPECT_EQ(bass.slot, 0);
    EXPECT_EQ(bass.master_db, defaults.master_db);
    EXPECT_EQ(bass.mute, defaults.mute);
    EXPECT_EQ(bass.mono, defaults.mono);
    EXPECT_EQ(bass.pan_law, core::PanLaw::ConstantPower);
    EXPECT_EQ(bass.limiter_ceiling_db, defaults.limiter_ceiling_db);
    // A band given in part keeps the defaults of its other values.
    core::Eq eq;
    eq.low.gain_db = 2.0;
    EXPECT_EQ(bass.eq, eq);
    ASSERT_EQ(bass.sends.count("gtr"), 1u);
    EXPECT_EQ(bass.sends.at("gtr"), core::Send{});
    EXPECT_TRUE(config.mix_outputs.empty());
    EXPECT_TRUE(config.jack.start_server);
}

TEST(ConfigParse, ChannelSlotsFollowFileOrderAndStereoTakesTwo) {
    const Config config = parse_config(R"(
        [[source]]
        name = "a"
        ports = ["x:1", "x:2"]
        [[source]]
        name = "b"
        ports = ["x:3"]
        [[source]]
        name = "c"
        ports = ["x:4", "x:5"]
    )",
                                       "slots.conf");
    ASSERT_EQ(config.graph.sources.size(), 3u);
    EXPECT_EQ(config.graph.sources[0].channels, (std::array<int, 2>{0, 1}));
    EXPECT_EQ(config.graph.sources[1].channels, (std::array<int, 2>{2, -1}));
    EXPECT_EQ(config.graph.sources[2].channels, (std::array<int, 2>{3, 4}));
}

TEST(ConfigParse, MixesMayComeBeforeSourcesInTheFile) {
    const Config config = parse_config(R"(
        [[mix]]
        name = "m"
        [mix.send.late]
        pan = 50
        [[source]]
        name = "late"
        ports = ["x:1"]
    )",
                                       "order.conf");
    ASSERT_EQ(config.graph.mixes.size(), 1u);
    EXPECT_DOUBLE_EQ(config.graph.mixes[0].send_for("late").pan, 0.5);
}

TEST(ConfigParse, SendsMayBeInlineTablesAndNamesMayBeQuotedKeys) {
    const Config config = parse_config(R"(
        [[source]]
        name = "lead vox"
        ports = ["x:1"]
        [[mix]]
        name = "m"
        send = { "lead vox" = { level_db = -12.5, pan = 25.5 } }
    )",
                                       "inline.conf");
    const core::Send& send = config.graph.mixes.at(0).send_for("lead vox");
    EXPECT_DOUBLE_EQ(send.level_db, -12.5);
    EXPECT_DOUBLE_EQ(send.pan, 0.255);
}

TEST(ConfigParse, MinusInfinityIsSilenceAsAStringOrAFloat) {
    const Config config = parse_config(R"(
        [[source]]
        name = "s"
        ports = ["x:1"]
        [[source]]
        name = "t"
        ports = ["x:2"]
        [[mix]]
        name = "m"
        send.s.level_db = "-inf"
        send.t.level_db = -inf
    )",
                                       "inf.conf");
    EXPECT_EQ(config.graph.mixes.at(0).send_for("s").level_db, core::kSilenceDb);
    EXPECT_EQ(config.graph.mixes.at(0).send_for("t").level_db, core::kSilenceDb);
}

TEST(ConfigParse, RangeEndsAreAccepted) {
    const Config config = parse_config(R"(
        [[source]]
        name = "s"
        ports = ["x:1"]
        trim_db = -24
        [[mix]]
        name = "m"
        master_db = -120
        limiter_ceiling_db = 0
        eq.low = { freq_hz = 10, gain_db = -18, q = 0.1 }
        eq.high = { freq_hz = 24000, gain_db = 18, q = 20 }
        send.s = { level_db = -120, pan = -100 }
    )",
                                       "ends.conf");
    const core::Mix& m = config.graph.mixes.at(0);
    EXPECT_EQ(config.graph.sources.at(0).trim_db, -24.0);
    EXPECT_EQ(m.master_db, -120.0);
    EXPECT_EQ(m.limiter_ceiling_db, 0.0);
    EXPECT_EQ(m.eq.low, (core::EqBand{10.0, -18.0, 0.1}));
    EXPECT_EQ(m.eq.high, (core::EqBand{24000.0, 18.0, 20.0}));
    EXPECT_EQ(m.send_for("s").level_db, -120.0);
    EXPECT_EQ(m.send_for("s").pan, -1.0);
}

TEST(ConfigParse, AsManyChannelsAndMixesAsTheEngineHasAreAccepted) {
    std::string text;
    for (int i = 0; i < core::kMaxChannels / 2; ++i)
        text += "[[source]]\nname = \"s" + std::to_string(i) + "\"\nports = [\"a:" + std::to_string(i) +
                "\", \"b:" + std::to_string(i) + "\"]\n";
    for (int i = 0; i < core::kMaxMixes; ++i) text += "[[mix]]\nname = \"m" + std::to_string(i) + "\"\n";
    const Config config = parse_config(text, "full-house.conf");
    EXPECT_EQ(config.graph.sources.back().channels[1], core::kMaxChannels - 1);
    EXPECT_EQ(config.graph.mixes.back().slot, core::kMaxMixes - 1);
}

TEST(ConfigParse, ByteOrderMarkAndCrLfAreAccepted) {
    const Config config = parse_config("\xEF\xBB\xBF[jack]\r\nserver = \"x\"\r\n", "bom.conf");
    EXPECT_EQ(config.jack.server, std::optional<std::string>("x"));
}

TEST(ConfigParse, OscIsOffUntilAPortIsSetAndListensOnLoopback) {
    EXPECT_FALSE(parse_config("", "t.conf").osc.port);
    const Config on = parse_config("[osc]\nport = 9000\n", "t.conf");
    EXPECT_EQ(on.osc.port, std::optional<int>(9000));
    EXPECT_EQ(on.osc.listen, "127.0.0.1");
    EXPECT_TRUE(on.osc.allow.empty());
    const Config open = parse_config(
        "[osc]\nport = 8000\nlisten = \"::\"\nallow = [\"192.168.1.0/24\", \"10.0.0.7\", \"fd00::/8\"]\n", "t.conf");
    EXPECT_EQ(open.osc.listen, "::");
    EXPECT_EQ(open.osc.allow, (std::vector<std::string>{"192.168.1.0/24", "10.0.0.7", "fd00::/8"}));
}

TEST(ConfigParse, ThePageIsOffUntilListenIsSet) {
    const Config off = parse_config("", "t.conf");
    EXPECT_FALSE(off.remote.listen);
    EXPECT_EQ(off.remote.max_per_address, 8);
    const Config on = parse_config("[remote]\nlisten = \"[::]:8080\"\nmax_per_address = 3\n", "t.conf");
    EXPECT_EQ(on.remote.listen, std::optional<std::string>("[::]:8080"));
    EXPECT_EQ(on.remote.max_per_address, 3);
}

TEST(ConfigParse, PipeWireTableDefaultsToProAudioAndTheGraphsQuantum) {
    const Config defaults = parse_config("", "t.conf");
    EXPECT_TRUE(defaults.pipewire.pro_audio);
    EXPECT_FALSE(defaults.pipewire.quantum);
    const Config keep = parse_config("[pipewire]\nprofile = \"keep\"\nquantum = 512\n", "t.conf");
    EXPECT_FALSE(keep.pipewire.pro_audio);
    EXPECT_EQ(keep.pipewire.quantum, 512);
    EXPECT_TRUE(parse_config("[pipewire]\nprofile = \"pro-audio\"\n", "t.conf").pipewire.pro_audio);
}

}  // namespace
}  // namespace headamp::state
