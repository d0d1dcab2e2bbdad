// Every headamp subcommand against the real daemon: human output, --json parsed, and exit status
// (0 done, 1 refused, 2 usage, 3 daemon not running).
#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <thread>

#include "run_headamp.hpp"

using namespace headamp::test;

namespace {

class Commands : public CliTest {
protected:
    Commands() : CliTest("cli") {}
    json send(const std::string& source) {
        const json s = ok_json({"status"});
        for (const json& x : s["mixes"][0]["sends"])
            if (x["source"] == source) return x;
        return json();
    }
};

TEST_F(Commands, StatusAndListsInTextAndJson) {
    Result r = headamp({"status"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("48000 Hz, period 256 frames"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("mix1"), std::string::npos);
    EXPECT_NE(r.out.find("Guitar"), std::string::npos);
    // The count itself depends on how loaded the machine is (the dummy driver xruns under sanitizers).
    EXPECT_TRUE(std::regex_search(r.out, std::regex("[0-9]+ xruns"))) << r.out;
    const json s = ok_json({"status"});
    EXPECT_EQ(s["jack"]["sample_rate"], 48000);
    EXPECT_TRUE(s["jack"]["xruns"].is_number_unsigned()) << s.dump();
    EXPECT_EQ(s["sources"].size(), 3u);
    EXPECT_EQ(ok_json({"sources"})["sources"][2]["name"], "Guitar");
    EXPECT_EQ(ok_json({"mixes"})["mixes"][0]["output"][1], "system:playback_2");
    EXPECT_TRUE(ok_json({"devices"})["devices"].is_array());
    r = headamp({"sources"});
    EXPECT_NE(r.out.find("<- system:capture_1"), std::string::npos) << r.out;
    r = headamp({"mixes"});
    EXPECT_NE(r.out.find("-> system:playback_1, system:playback_2"), std::string::npos) << r.out;
}

TEST_F(Commands, SetTakesAmixerValues) {
    Result r = headamp({"set", "mix1", "in1", "-6dB"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "mix1 / in1: -6.0 dB, pan C, unmuted\n");
    EXPECT_DOUBLE_EQ(ok_json({"set", "mix1", "in1", "3dB+"})["send"]["level_db"].get<double>(), -3.0);
    EXPECT_DOUBLE_EQ(ok_json({"set", "MIX1", "IN1", "2dB-"})["send"]["level_db"].get<double>(), -5.0);
    // 80 % of the fader (alsamixer's law over -60..+12 dB).
    const double b = std::pow(10.0, -72.0 / 60.0);
    EXPECT_NEAR(ok_json({"set", "1", "1", "80%"})["send"]["level_db"].get<double>(),
                12.0 + 60.0 * std::log10(0.8 * (1 - b) + b), 1e-9);
    EXPECT_TRUE(ok_json({"set", "mix1", "gui", "mute"})["send"]["mute"].get<bool>());
    EXPECT_FALSE(ok_json({"set", "mix1", "gui", "toggle"})["send"]["mute"].get<bool>());
    EXPECT_TRUE(ok_json({"set", "mix1", "gui", "-10dB,mute"})["send"]["mute"].get<bool>());
    EXPECT_FALSE(ok_json({"set", "mix1", "gui", "unmute"})["send"]["mute"].get<bool>());
    EXPECT_DOUBLE_EQ(send("Guitar")["level_db"].get<double>(), -10.0);
    EXPECT_DOUBLE_EQ(ok_json({"set", "mix1", "in2", "-inf"})["send"]["level_db"].get<double>(), -120.0);
    EXPECT_EQ(headamp({"set", "mix1", "in2", "0%"}).out, "mix1 / in2: -inf dB, pan C, unmuted\n");
}

TEST_F(Commands, PanSoloMasterLinkUnlink) {
    EXPECT_DOUBLE_EQ(ok_json({"pan", "mix1", "in1", "-100"})["send"]["pan"].get<double>(), -1.0);
    EXPECT_DOUBLE_EQ(ok_json({"pan", "mix1", "in1", "R30"})["send"]["pan"].get<double>(), 0.3);
    EXPECT_EQ(headamp({"pan", "mix1", "in1", "0"}).out, "mix1 / in1: +0.0 dB, pan C, unmuted\n");
    EXPECT_TRUE(ok_json({"solo", "mix1", "in2", "on"})["send"]["solo"].get<bool>());
    EXPECT_FALSE(ok_json({"solo", "mix1", "in2", "off"})["send"]["solo"].get<bool>());
    json m = ok_json({"master", "mix1", "-3dB"});
    EXPECT_DOUBLE_EQ(m["master_db"].get<double>(), -3.0);
    EXPECT_EQ(headamp({"master", "mix1", "mute"}).out, "mix1 master: -3.0 dB, muted\n");
    Result r = headamp({"link", "in1"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "source in1 is now a stereo pair\n");
    EXPECT_TRUE(ok_json({"sources"})["sources"][0]["stereo"].get<bool>());
    EXPECT_EQ(ok_json({"unlink", "in1"})["right"], "in2");
    EXPECT_EQ(ok_json({"sources"})["sources"].size(), 3u);
}

TEST_F(Commands, MixAddRouteRemoveEqLimit) {
    Result r = headamp({"mix", "add", "cue", "--output", "system:1,2"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "added mix cue\n");
    EXPECT_EQ(ok_json({"mixes"})["mixes"][1]["output"], json({"system:playback_1", "system:playback_2"}));
    EXPECT_EQ(headamp({"mix", "route", "cue", "system:playback_2,system:playback_1"}).out,
              "mix cue -> system:playback_2, system:playback_1\n");
    json eq = ok_json({"eq", "cue", "low", "gain=3", "freq=120Hz", "q=0.5"})["eq"];
    EXPECT_DOUBLE_EQ(eq["low"]["gain_db"].get<double>(), 3.0);
    EXPECT_DOUBLE_EQ(eq["low"]["freq_hz"].get<double>(), 120.0);
    EXPECT_DOUBLE_EQ(eq["low"]["q"].get<double>(), 0.5);
    eq = ok_json({"eq", "cue", "high", "-2dB", "9.5kHz"})["eq"];
    EXPECT_DOUBLE_EQ(eq["high"]["gain_db"].get<double>(), -2.0);
    EXPECT_DOUBLE_EQ(eq["high"]["freq_hz"].get<double>(), 9500.0);
    EXPECT_TRUE(ok_json({"eq", "cue", "on"})["eq"]["enabled"].get<bool>());
    EXPECT_DOUBLE_EQ(ok_json({"limit", "cue", "-3dB"})["ceiling_db"].get<double>(), -3.0);
    EXPECT_EQ(headamp({"mix", "remove", "cue"}).out, "removed mix cue\n");
    EXPECT_EQ(ok_json({"mixes"})["mixes"].size(), 1u);
}

TEST_F(Commands, SnapshotsSaveListLoad) {
    ok_json({"set", "mix1", "in1", "-9dB"});
    EXPECT_EQ(headamp({"snapshot", "save", "rehearsal"}).out, "saved snapshot rehearsal\n");
    ok_json({"set", "mix1", "in1", "0dB"});
    EXPECT_EQ(ok_json({"snapshot", "list"})["snapshots"], json({"rehearsal"}));
    EXPECT_EQ(headamp({"snapshot", "list"}).out, "rehearsal\n");
    EXPECT_EQ(headamp({"snapshot", "load", "rehearsal"}).status, 0);
    EXPECT_DOUBLE_EQ(send("in1")["level_db"].get<double>(), -9.0);
}

TEST_F(Commands, RefusalsExitOneWithWhatWouldBeValid) {
    Result r = headamp({"set", "mix1", "drums", "0dB"});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("no source 'drums'; valid: in1, in2, Guitar"), std::string::npos) << r.err;
    r = headamp({"--json", "set", "mix1", "in1", "13dB"});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.parsed()["error"].get<std::string>().find("between"), std::string::npos);
    r = headamp({"controls", "Scarlett"});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("there is no device 'Scarlett'"), std::string::npos) << r.err;
    EXPECT_EQ(headamp({"control", "Scarlett", "Mic", "50%"}).status, 1);
    EXPECT_EQ(headamp({"snapshot", "load", "never-saved"}).status, 1);
    EXPECT_EQ(headamp({"link", "Guitar"}).status, 1);
}

TEST_F(Commands, UsageErrorsExitTwo) {
    for (const std::vector<std::string>& args : {std::vector<std::string>{"set", "mix1"},
                                                 {"set", "mix1", "in1", "loud"},
                                                 {"set", "mix1", "in1", "120%"},
                                                 {"pan", "mix1", "in1", "150"},
                                                 {"solo", "mix1", "in1", "maybe"},
                                                 {"frobnicate"},
                                                 {"mix", "add"},
                                                 {"eq", "mix1", "low"},
                                                 {"limit", "mix1", "high"},
                                                 {"snapshot", "save"},
                                                 {"--bogus"}}) {
        const Result r = headamp(args);
        EXPECT_EQ(r.status, 2) << args[0] << ": " << r.err;
        EXPECT_FALSE(r.err.empty());
    }
    EXPECT_EQ(headamp({"--help"}).status, 0);
}

// Two values for one thing contradict each other: said, and nothing sent (the send stays as it was).
TEST_F(Commands, ConflictingValuesAreUsageErrors) {
    const json before = send("in1");
    for (const auto& [value, words] :
         std::vector<std::pair<std::string, std::string>>{{"80%,50%", "'80%' and '50%' both set the level"},
                                                          {"mute,unmute", "'mute' and 'unmute' both set the mute"},
                                                          {"-6dB,3dB+", "'-6dB' and '3dB+' both set the level"},
                                                          {"toggle,mute", "'toggle' and 'mute' both set the mute"}}) {
        const Result r = headamp({"set", "mix1", "in1", value});
        EXPECT_EQ(r.status, 2) << value << ": " << r.err;
        EXPECT_NE(r.err.find(words), std::string::npos) << r.err;
        EXPECT_EQ(headamp({"master", "mix1", value}).status, 2) << value;
    }
    EXPECT_EQ(send("in1"), before);
    EXPECT_EQ(ok_json({"set", "mix1", "in1", "-6dB,mute"})["send"]["level_db"], -6.0);
}

TEST_F(Commands, NoDaemonExitsThreeWithAHint) {
    const Result r = run_headamp({"--socket", "/tmp/no-such-headamp/control", "status"});
    EXPECT_EQ(r.status, 3);
    EXPECT_NE(r.err.find("not running"), std::string::npos);
    EXPECT_NE(r.err.find("systemctl --user start headamp"), std::string::npos);
    // The mixer screen says the same before it takes over the terminal.
    const Result tui = run_headamp({"--socket", "/tmp/no-such-headamp/control"});
    EXPECT_EQ(tui.status, 3);
    EXPECT_NE(tui.err.find("headampd &"), std::string::npos);
}

TEST_F(Commands, MonitorPrintsChangesAsTheyHappen) {
    Result r;
    std::thread watcher([&] { r = headamp({"--json", "monitor", "--count", "1"}); });
    std::this_thread::sleep_for(300ms);  // let it subscribe
    ok_json({"set", "mix1", "in2", "-4dB"});
    watcher.join();
    EXPECT_EQ(r.status, 0) << r.err;
    const json e = r.parsed();
    EXPECT_EQ(e["event"], "state");
    EXPECT_EQ(e["mixes"][0]["sends"][1]["level_db"], -4.0);
    Result meters = headamp({"monitor", "--meters", "20", "--count", "3"});
    EXPECT_EQ(meters.status, 0);
    EXPECT_NE(meters.out.find("meters: mix1 L"), std::string::npos) << meters.out;
}

TEST_F(Commands, OwnSourcesMoveTogetherWithMoreMe) {
    Result r = headamp({"own", "mix1", "in1", "on"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "mix1 / in1: +0.0 dB, pan C, unmuted, own\n");
    EXPECT_EQ(ok_json({"own", "mix1", "Guitar", "on"})["send"]["own"], true);
    ASSERT_EQ(headamp({"set", "mix1", "Guitar", "-10dB"}).status, 0);
    r = headamp({"more-me", "mix1", "3dB"});
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "mix1 / in1: +3.0 dB, pan C, unmuted, own\nmix1 / Guitar: -7.0 dB, pan C, unmuted, own\n");
    EXPECT_EQ(send("in1")["own"], true);
    EXPECT_FALSE(send("in2").contains("own"));
    EXPECT_DOUBLE_EQ(send("in2")["level_db"].get<double>(), 0.0) << "not an own source";
    // At the top: each send stops at +12 dB, the others go on.
    ASSERT_EQ(ok_json({"more-me", "mix1", "-2dB"})["sends"].size(), 2u);
    EXPECT_DOUBLE_EQ(ok_json({"more-me", "mix1", "10dB"})["sends"][0]["level_db"].get<double>(), 11.0);
    const json top = ok_json({"more-me", "mix1", "4dB"});
    EXPECT_DOUBLE_EQ(top["sends"][0]["level_db"].get<double>(), 12.0);
    EXPECT_DOUBLE_EQ(top["sends"][1]["level_db"].get<double>(), 5.0);
    // Refusals change nothing.
    const json before = daemon->state();
    EXPECT_EQ(headamp({"more-me", "mix1", "loud"}).status, 2);
    EXPECT_EQ(headamp({"own", "mix1", "in1", "maybe"}).status, 2);
    ASSERT_EQ(headamp({"own", "mix1", "in1", "off"}).status, 0);
    ASSERT_EQ(headamp({"own", "mix1", "Guitar", "toggle"}).status, 0);
    const json after_off = daemon->state();
    r = headamp({"more-me", "mix1", "1dB"});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("mix 'mix1' has no own sources"), std::string::npos) << r.err;
    EXPECT_EQ(daemon->state(), after_off);
    EXPECT_NE(before, after_off);
}

}  // namespace
