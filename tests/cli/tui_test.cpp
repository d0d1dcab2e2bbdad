// The mixer screen driven through tmux against a real daemon on a real jackd: it shows the mix, a key
// changes a level that `headamp --json status` reports, and a change made with the command shows up.
#include <gtest/gtest.h>

#include "run_headamp.hpp"
#include "tmux.hpp"

using namespace headamp::test;

namespace {

TEST(MixerScreen, ShowsTheMixFollowsKeysAndChangesMadeElsewhere) {
    Daemon daemon("tui");
    const std::vector<std::string> with_socket = {"--socket", daemon.socket};
    Tmux tmux(daemon.server->name(), headamp_path() + " --socket " + daemon.socket);
    // Each waited for: in one sanitizer pass under load, a capture taken right after the header showed none.
    ASSERT_TRUE(tmux.shows("mix 1/1: mix1 -> system:playback_1, system:playback_2", 10s)) << tmux.screen();
    for (const char* text : {"in1", "Guitar", "Master"})
        EXPECT_TRUE(tmux.shows(text, 10s)) << text << "\n" << tmux.screen();

    const auto level_of = [&](std::size_t source) {
        Result r = run_headamp({"--socket", daemon.socket, "--json", "status"});
        return r.parsed()["mixes"][0]["sends"][source]["level_db"].get<double>();
    };
    // Select the third fader (Guitar), up 1 dB twice, down 5 dB once: -3 dB.
    tmux.keys("Right Right Up Up PageDown");
    ASSERT_TRUE(JackHandle::wait_for([&] { return level_of(2) == -3.0; }, 3s)) << tmux.screen();
    EXPECT_TRUE(tmux.shows("-3.0")) << tmux.screen();
    EXPECT_EQ(level_of(0), 0.0) << "the key moved the wrong fader";
    // M mutes the selected source.
    tmux.keys("m");
    ASSERT_TRUE(JackHandle::wait_for(
        [&] {
            return run_headamp({"--socket", daemon.socket, "--json", "status"})
                .parsed()["mixes"][0]["sends"][2]["mute"]
                .get<bool>();
        },
        3s));
    // A change made with the command shows on the screen.
    ASSERT_EQ(run_headamp({"--socket", daemon.socket, "set", "mix1", "in2", "-17.5dB"}).status, 0);
    EXPECT_TRUE(tmux.shows("-17.5")) << tmux.screen();
    // A mix added elsewhere becomes a view that Tab reaches.
    ASSERT_EQ(run_headamp({"--socket", daemon.socket, "mix", "add", "drummer"}).status, 0);
    EXPECT_TRUE(tmux.shows("mix 1/2")) << tmux.screen();
    tmux.keys("Tab");
    EXPECT_TRUE(tmux.shows("mix 2/2: drummer")) << tmux.screen();
    // Help, and back.
    tmux.keys("F1");
    EXPECT_TRUE(tmux.shows("link / unlink stereo pair")) << tmux.screen();
    tmux.keys("Escape");
    EXPECT_TRUE(tmux.shows("Master")) << tmux.screen();
    // A small window degrades to a clear message; a normal one redraws whole.
    tmux.resize(30, 8);
    EXPECT_TRUE(tmux.shows("window too small")) << tmux.screen();
    tmux.resize(80, 24);
    EXPECT_TRUE(tmux.shows("Master")) << tmux.screen();
    tmux.keys("q");
    EXPECT_TRUE(JackHandle::wait_for([&] { return !tmux.running(); }, 3s)) << "q did not quit";
}

TEST(MixerScreen, PShowsTheMixsPhoneLinkOrWhyThereIsNone) {
    Daemon daemon("tui-link");
    Tmux tmux(daemon.server->name(), headamp_path() + " --socket " + daemon.socket);
    ASSERT_TRUE(tmux.shows("mix 1/1: mix1")) << tmux.screen();
    tmux.keys("F1");
    EXPECT_TRUE(tmux.shows("the mix's phone link")) << tmux.screen();
    tmux.keys("Escape");
    ASSERT_TRUE(tmux.shows("Master")) << tmux.screen();
    tmux.keys("p");
    // The page is off in this daemon (no [remote] listen): the view says so and gives the mix's token.
    EXPECT_TRUE(tmux.shows("The phone page is off")) << tmux.screen();
    const json remote = run_headamp({"--socket", daemon.socket, "--json", "remote"}).parsed();
    const std::string token = remote["mixes"][0]["token"].get<std::string>();
    EXPECT_TRUE(tmux.shows("token of mix mix1: " + token)) << tmux.screen();
    tmux.keys("Escape");
    EXPECT_TRUE(tmux.shows("Master")) << tmux.screen();
    tmux.keys("q");
    EXPECT_TRUE(JackHandle::wait_for([&] { return !tmux.running(); }, 3s)) << "q did not quit";
}

}  // namespace
