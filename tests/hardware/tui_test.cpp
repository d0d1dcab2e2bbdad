// The hardware controls view of the mixer screen through tmux, against the real daemon with an
// interface plugged (fake ctl plugin): H lists the card's controls with their values, a key changes a
// control that `headamp --json controls` and the card's writes log then show, a change made elsewhere
// shows up, an unsafe switch (48V) needs a confirming 'y', and no interface gives a clear message.
#include <gtest/gtest.h>

#include <algorithm>

#include "hardware_fixture.hpp"
#include "run_headamp.hpp"
#include "tmux.hpp"

using namespace headamp::test;

namespace {

json control_named(const HardwareDaemon& d, const std::string& name) {
    const Result r = run_headamp({"--socket", d.socket, "--json", "controls", "usb"});
    if (r.status != 0) return json();
    const json answer = json::parse(r.out);
    for (const json& c : answer["controls"])
        if (c["name"] == name) return c;
    return json();
}

bool wrote(const HardwareDaemon& d, const std::string& line) {
    const std::vector<std::string> w = d.card_writes();
    return std::find(w.begin(), w.end(), line) != w.end();
}

// Selects the control named `name` by keys: Left to the first, Right to its place in the daemon's list.
void select(Tmux& tmux, const HardwareDaemon& d, const std::string& name) {
    const Result r = run_headamp({"--socket", d.socket, "--json", "controls", "usb"});
    const json controls = json::parse(r.out)["controls"];
    std::string keys;
    for (std::size_t i = 0; i < controls.size(); ++i) keys += " Left";
    for (std::size_t i = 0; i < controls.size() && controls[i]["name"] != name; ++i) keys += " Right";
    tmux.keys(keys);
}

bool has_controls(const json& status) {
    return !status["devices"].empty() && status["devices"][0]["controls"].is_number();
}

}  // namespace

TEST(HardwareScreen, ShowsTheCardsControlsChangesThemAndAsksBeforePhantomPower) {
    HardwareDaemon d("hw-tui");
    d.start();
    d.plug(solo());
    ASSERT_TRUE(d.wait_patched(1)) << d.log();
    ASSERT_TRUE(d.wait_status(has_controls)) << d.log();
    const json status = d.status();
    const std::string mix = status["devices"][0]["outputs"][0].get<std::string>();

    Tmux tmux(d.server->name(), headamp_path() + " --socket " + d.socket);
    ASSERT_TRUE(tmux.shows("Master", 10s)) << tmux.screen();
    // Go to the view of the interface's mix.
    for (std::size_t i = 0; i < status["mixes"].size() && tmux.screen().find(": " + mix + " ->") == std::string::npos;
         ++i) {
        tmux.keys("Tab");
        tmux.shows(": " + mix + " ->", 1s);
    }
    ASSERT_TRUE(tmux.shows(": " + mix + " ->")) << tmux.screen();

    // H: every control of the card, with its value (Headphone 90 = -18.5 dB, Input Gain 20 dB).
    tmux.keys("H");
    ASSERT_TRUE(tmux.shows("hardware controls: USB")) << tmux.screen();
    ASSERT_TRUE(tmux.shows("Item: ")) << tmux.screen();
    const std::string screen = tmux.screen();
    for (const char* text : {"Headphone", "Input", "Gain", "48V", "Pad", "Air", "Direct", "Sidetone", "-18.5", "20.0",
                             "UNSAFE", "[off ]", "1/8"})
        EXPECT_NE(screen.find(text), std::string::npos) << text << "\n" << screen;

    select(tmux, d, "Headphone Playback Volume");
    EXPECT_TRUE(tmux.shows("Item: Headphone Playback Volume,0 [-18.5dB -18.5dB] -63.0..0.0 dB")) << tmux.screen();
    // Input Gain, Up: +1 dB through the same request as `headamp control`.
    select(tmux, d, "Input Gain Capture Volume");
    ASSERT_TRUE(tmux.shows("Item: Input Gain Capture Volume,0")) << tmux.screen();
    tmux.keys("Up");
    ASSERT_TRUE(JackHandle::wait_for(
        [&] {
            return control_named(d, "Input Gain Capture Volume")["values"] == json({21, 21});
        },
        5s))
        << tmux.screen();
    EXPECT_TRUE(wrote(d, "Input Gain Capture Volume\t0\t21,21"));
    EXPECT_TRUE(tmux.shows("21.0")) << tmux.screen();

    // Changed elsewhere (amixer, a knob): on the screen within a pass.
    d.external_set("Input Gain Capture Volume", 0, "33,33");
    EXPECT_TRUE(tmux.shows("[33.0dB 33.0dB]", 5s)) << tmux.screen();

    // 48V: one keystroke only asks; another key leaves it off; only 'y' switches it on.
    select(tmux, d, "48V Capture Switch");
    ASSERT_TRUE(tmux.shows("Item: 48V Capture Switch,0")) << tmux.screen();
    tmux.keys("m");
    ASSERT_TRUE(tmux.shows("press y to set it on")) << tmux.screen();
    EXPECT_EQ(control_named(d, "48V Capture Switch")["values"], json({0, 0}));
    tmux.keys("n");
    ASSERT_TRUE(tmux.shows("left as it was")) << tmux.screen();
    tmux.keys("Space");
    ASSERT_TRUE(tmux.shows("press y to set it on")) << tmux.screen();
    tmux.keys("Space");  // a second press is not a confirmation either
    ASSERT_TRUE(tmux.shows("left as it was")) << tmux.screen();
    EXPECT_EQ(control_named(d, "48V Capture Switch")["values"], json({0, 0}));
    EXPECT_FALSE(wrote(d, "48V Capture Switch\t0\t1,1"));
    tmux.keys("m");
    ASSERT_TRUE(tmux.shows("press y to set it on")) << tmux.screen();
    tmux.keys("y");
    ASSERT_TRUE(JackHandle::wait_for(
        [&] {
            return control_named(d, "48V Capture Switch")["values"] == json({1, 1});
        },
        5s))
        << tmux.screen();
    EXPECT_TRUE(wrote(d, "48V Capture Switch\t0\t1,1"));
    EXPECT_TRUE(tmux.shows("[ on ]")) << tmux.screen();

    // A switch that is safe toggles at once: M on the headphone volume works its switch (alsamixer's mute).
    select(tmux, d, "Headphone Playback Volume");
    ASSERT_TRUE(tmux.shows("Item: Headphone Playback Volume,0")) << tmux.screen();
    tmux.keys("m");
    ASSERT_TRUE(JackHandle::wait_for(
        [&] {
            return control_named(d, "Headphone Playback Switch")["values"] == json({0, 0});
        },
        5s))
        << tmux.screen();

    // Small windows degrade to the selected control; a normal one redraws whole.
    tmux.resize(30, 8);
    EXPECT_TRUE(tmux.shows("window too small")) << tmux.screen();
    EXPECT_TRUE(tmux.shows("Headphone -18.5")) << tmux.screen();
    tmux.resize(80, 24);
    EXPECT_TRUE(tmux.shows("Item: Headphone Playback Volume,0")) << tmux.screen();

    // Esc back to the mix; a mix that goes to no interface, master selected: a clear message.
    tmux.keys("Escape");
    ASSERT_TRUE(tmux.shows("Master")) << tmux.screen();
    ASSERT_EQ(run_headamp({"--socket", d.socket, "mix", "add", "nowhere"}).status, 0);
    ASSERT_TRUE(tmux.shows("/" + std::to_string(status["mixes"].size() + 1) + ":")) << tmux.screen();
    const std::size_t last = status["mixes"].size() + 1;
    tmux.keys("F" + std::to_string(2 + last));
    ASSERT_TRUE(tmux.shows("nowhere -> (no output)")) << tmux.screen();
    for (std::size_t i = 0; i < status["sources"].size(); ++i) tmux.keys("Right");
    tmux.keys("h");
    EXPECT_TRUE(tmux.shows("No USB interface here: mix 'nowhere' does not go to one")) << tmux.screen();
    tmux.keys("q");
    EXPECT_TRUE(tmux.shows("Master")) << tmux.screen();
    tmux.keys("q");
    EXPECT_TRUE(JackHandle::wait_for([&] { return !tmux.running(); }, 3s)) << "q did not quit";
}
