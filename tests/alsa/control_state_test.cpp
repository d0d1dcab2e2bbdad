// Save and restore per device: every value comes back, except unsafe controls, which restore never writes.
#include <gtest/gtest.h>

#include "alsa/control_state.hpp"
#include "fake_card.hpp"

using namespace headamp::alsa;
using headamp::alsa::test::FakeCardSession;

namespace {

bool contains(const std::vector<ControlId>& ids, const std::string& name) {
    for (const ControlId& id : ids)
        if (id.name == name) return true;
    return false;
}

}  // namespace

TEST(ControlState, RoundTripOnReplug) {
    FakeCardSession session;
    nlohmann::json saved;
    {
        auto card = session.open("scarlett_4i4_gen3.txt");
        ASSERT_TRUE(card->write({"Line 03 (Headphones L) Playback Volume", 0}, {60}));
        ASSERT_TRUE(card->write({"PCM 01 Capture Enum", 0}, {7}));
        ASSERT_TRUE(card->write({"Line 01 Mute Playback Switch", 0}, {1}));
        saved = save_controls(*card, "1235:8212:P9EXAMPLE");
    }
    EXPECT_EQ(saved["device"], "1235:8212:P9EXAMPLE");
    const std::string text = saved.dump();                   // it is stored as text by state/
    auto replugged = session.open("scarlett_4i4_gen3.txt");  // a fresh card: the recording's values
    const RestoreReport report = restore_controls(*replugged, nlohmann::json::parse(text));
    EXPECT_EQ(report.written.size(), 3u);
    EXPECT_TRUE(report.failed.empty());
    EXPECT_EQ(replugged->values({"Line 03 (Headphones L) Playback Volume", 0}), (ControlValues{60}));
    EXPECT_EQ(replugged->values({"PCM 01 Capture Enum", 0}), (ControlValues{7}));
    EXPECT_EQ(replugged->values({"Line 01 Mute Playback Switch", 0}), (ControlValues{1}));
}

TEST(ControlState, EnumerationsAreSavedByItemName) {
    FakeCardSession session;
    auto card = session.open("scarlett_4i4_gen3.txt");
    const nlohmann::json saved = save_controls(*card, "x");
    bool seen = false;
    for (const auto& c : saved["controls"]) {
        if (c["name"] != "Direct Monitor Playback Enum") continue;
        EXPECT_EQ(c["values"][0], "Mono");
        seen = true;
    }
    EXPECT_TRUE(seen);
}

TEST(ControlState, RestoreNeverWritesPhantomPadOrAir) {
    FakeCardSession session;
    auto card = session.open("uac2_preamp.txt");
    nlohmann::json saved = save_controls(*card, "preamp");
    // The saved file says 48V, pad and air on (saved while a condenser mic was plugged, or edited).
    for (auto& c : saved["controls"])
        if (c["name"] == "48V Capture Switch" || c["name"] == "Pad Capture Switch" || c["name"] == "Air Capture Switch")
            c["values"] = {true, true};
    int changes = 0;
    card->on_change = [&](const ControlInfo&, const ControlValues&) { ++changes; };
    const RestoreReport report = restore_controls(*card, saved);
    EXPECT_TRUE(contains(report.skipped_unsafe, "48V Capture Switch"));
    EXPECT_TRUE(contains(report.skipped_unsafe, "Pad Capture Switch"));
    EXPECT_TRUE(contains(report.skipped_unsafe, "Air Capture Switch"));
    EXPECT_FALSE(contains(report.written, "48V Capture Switch"));
    EXPECT_EQ(card->values({"48V Capture Switch", 0}), (ControlValues{0, 0}));
    EXPECT_EQ(card->values({"Pad Capture Switch", 0}), (ControlValues{0, 0}));
    EXPECT_EQ(card->values({"Air Capture Switch", 0}), (ControlValues{0, 0}));
    FakeCardSession::pump(*card);  // nothing was written on the card either: no event at all
    EXPECT_EQ(changes, 0);
}

TEST(ControlState, RestoreLeavesUnsafeOnAsTheUserSetIt) {
    FakeCardSession session;
    auto card = session.open("scarlett_4i4_gen3.txt");
    const nlohmann::json saved = save_controls(*card, "s");  // phantom off in the file
    session.external_set("Line In 1-2 Phantom Power Capture Switch", 0, "1");
    FakeCardSession::pump(*card);
    restore_controls(*card, saved);
    EXPECT_EQ(card->values({"Line In 1-2 Phantom Power Capture Switch", 0}), (ControlValues{1}));
}

TEST(ControlState, MalformedAndForeignEntriesAreReportedNotThrown) {
    FakeCardSession session;
    auto card = session.open("usb_audio_codec.txt");
    const nlohmann::json saved = nlohmann::json::parse(R"({"device":"d","controls":[
        {"name":"PCM Playback Volume","index":0,"values":[999]},
        {"name":"Mic Capture Switch","index":0,"values":["maybe"]},
        {"name":"Not On This Card","index":0,"values":[1]},
        {"name":"Playback Channel Map","index":0,"values":[3,4]},
        {"nonsense":true}, 5]})");
    RestoreReport report;
    EXPECT_NO_THROW(report = restore_controls(*card, saved));
    EXPECT_TRUE(contains(report.failed, "PCM Playback Volume"));
    EXPECT_TRUE(contains(report.failed, "Mic Capture Switch"));
    EXPECT_FALSE(contains(report.written, "Playback Channel Map"));  // a PCM control, not the mixer's: not restored
    EXPECT_TRUE(contains(report.skipped_missing, "Not On This Card"));
    EXPECT_EQ(card->values({"PCM Playback Volume", 0}), (ControlValues{100, 100}));
    EXPECT_NO_THROW(restore_controls(*card, nlohmann::json::array()));
}
