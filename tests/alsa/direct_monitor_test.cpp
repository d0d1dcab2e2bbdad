// Direct monitor: silenced while engaged, put back on release, a user's later choice respected.
#include <gtest/gtest.h>

#include "alsa/direct_monitor.hpp"
#include "fake_card.hpp"

using namespace headamp::alsa;
using headamp::alsa::test::FakeCardSession;

TEST(DirectMonitor, OffWhileEngagedAndBackOnRelease) {
    FakeCardSession session;
    auto card = session.open("usb_audio_codec.txt");
    {
        DirectMonitor dm(*card, DirectMonitorPolicy::Off);
        dm.engage();
        EXPECT_EQ(card->values({"Mic Playback Switch", 0}), (ControlValues{0}));
        EXPECT_EQ(card->values({"Mic Playback Volume", 0}), (ControlValues{0}));
        EXPECT_EQ(dm.saved().size(), 2u);
        EXPECT_EQ(card->values({"PCM Playback Volume", 0}), (ControlValues{100, 100}));  // outputs untouched
    }                                                                                    // released by the destructor
    EXPECT_EQ(card->values({"Mic Playback Switch", 0}), (ControlValues{1}));
    EXPECT_EQ(card->values({"Mic Playback Volume", 0}), (ControlValues{23}));
}

TEST(DirectMonitor, LeavePolicyTouchesNothing) {
    FakeCardSession session;
    auto card = session.open("usb_audio_codec.txt");
    DirectMonitor dm(*card, DirectMonitorPolicy::Leave);
    dm.engage();
    EXPECT_EQ(card->values({"Mic Playback Switch", 0}), (ControlValues{1}));
    EXPECT_TRUE(dm.saved().empty());
}

TEST(DirectMonitor, EnumerationGoesToOff) {
    FakeCardSession session;
    auto card = session.open("scarlett_4i4_gen3.txt");
    DirectMonitor dm(*card, DirectMonitorPolicy::Off);
    dm.engage();
    EXPECT_EQ(card->values({"Direct Monitor Playback Enum", 0}), (ControlValues{0}));
    dm.release();
    EXPECT_EQ(card->values({"Direct Monitor Playback Enum", 0}), (ControlValues{1}));
}

TEST(DirectMonitor, UserChangeWhileEngagedWins) {
    FakeCardSession session;
    auto card = session.open("uac2_preamp.txt");
    DirectMonitor dm(*card, DirectMonitorPolicy::Off);
    dm.engage();
    EXPECT_EQ(card->values({"Direct Monitor Playback Switch", 0}), (ControlValues{0}));
    EXPECT_EQ(card->values({"Sidetone Playback Volume", 0}), (ControlValues{0}));
    session.external_set("Sidetone Playback Volume", 0, "30");
    FakeCardSession::pump(*card);
    dm.release();
    EXPECT_EQ(card->values({"Direct Monitor Playback Switch", 0}), (ControlValues{1}));
    EXPECT_EQ(card->values({"Sidetone Playback Volume", 0}), (ControlValues{30}));
}

TEST(DirectMonitor, ReleaseAfterUnplugIsQuiet) {
    FakeCardSession session;
    auto card = session.open("usb_audio_codec.txt");
    DirectMonitor dm(*card, DirectMonitorPolicy::Off);
    dm.engage();
    session.unplug();
    FakeCardSession::pump(*card);
    EXPECT_NO_THROW(dm.release());
    EXPECT_FALSE(dm.engaged());
}
