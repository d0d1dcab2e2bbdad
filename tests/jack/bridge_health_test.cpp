// Bridge health read from zita-a2j/zita-j2a's own lines: running, lost sync, stalled, and what is logged.
#include <gtest/gtest.h>

#include "jack/bridge_health.hpp"

using namespace headamp;
using namespace std::chrono_literals;
using jack::BridgeState;

namespace {

const jack::BridgeHealth::Clock::time_point t0{};

}  // namespace

TEST(BridgeHealth, TraceLinesMeanRunningAndAreNotLogged) {
    jack::BridgeHealth h;
    h.started(t0);
    EXPECT_EQ(h.state(t0 + 1s), BridgeState::Starting);
    EXPECT_TRUE(h.take("Starting synchronisation.", t0 + 500ms));
    EXPECT_EQ(h.state(t0 + 600ms), BridgeState::Syncing);
    EXPECT_FALSE(h.take("     nan       -nan     0", t0 + 900ms)) << "the filter starting";
    EXPECT_FALSE(h.take("  -0.414   1.000122     0", t0 + 1s));
    EXPECT_EQ(h.state(t0 + 1s), BridgeState::Syncing) << "locked, still settling";
    h.take("   0.100   1.000100     0", t0 + 2s);
    EXPECT_EQ(h.state(t0 + 2s), BridgeState::Syncing);
    h.take("   0.050   1.000050     0", t0 + 3s);
    EXPECT_EQ(h.state(t0 + 3s), BridgeState::Running) << "trace lines for kSettle";
    EXPECT_DOUBLE_EQ(h.ratio(), 1.000050);
    EXPECT_FALSE(h.needs_restart(t0 + 5s));
}

TEST(BridgeHealth, LosingTheCardsClockIsShownAndLeftToZitasOwnRetryUnlessItLasts) {
    jack::BridgeHealth h;
    h.started(t0);
    h.take("   0.288   0.999915 -30546", t0 + 1s);
    EXPECT_TRUE(h.take("Detected excessive timing errors, waiting 10 seconds.", t0 + 2s));
    EXPECT_EQ(h.state(t0 + 2s), BridgeState::LostSync);
    EXPECT_EQ(h.sync_losses(), 1u);
    EXPECT_FALSE(h.needs_restart(t0 + 2s + jack::BridgeHealth::kLostLimit)) << "zita retries after 10 s";
    h.take("Starting synchronisation.", t0 + 12s);
    h.take("   0.000   1.000000   512", t0 + 13s);
    h.take("   0.000   1.000000   512", t0 + 13s + jack::BridgeHealth::kSettle);
    EXPECT_EQ(h.state(t0 + 13s + jack::BridgeHealth::kSettle), BridgeState::Running);
    h.take("Detected excessive timing errors, waiting 10 seconds.", t0 + 14s);
    EXPECT_EQ(h.sync_losses(), 2u);
    ASSERT_TRUE(h.needs_restart(t0 + 14s + jack::BridgeHealth::kLostLimit + 1ms));
    EXPECT_NE(h.needs_restart(t0 + 30s)->find("clock"), std::string::npos);
    h.started(t0 + 31s);  // the restarted process
    EXPECT_EQ(h.state(t0 + 31s), BridgeState::Starting);
    EXPECT_FALSE(h.needs_restart(t0 + 32s));
    EXPECT_EQ(h.sync_losses(), 2u) << "the count survives restarts";
}

TEST(BridgeHealth, ARunningBridgeThatFallsSilentHasStalled) {
    jack::BridgeHealth h;
    h.started(t0);
    h.take("   0.000   1.000000   512", t0);
    h.take("   0.000   1.000000   512", t0 + 2s);
    EXPECT_EQ(h.state(t0 + 2s + jack::BridgeHealth::kQuiet), BridgeState::Running);
    EXPECT_EQ(h.state(t0 + 2s + jack::BridgeHealth::kQuiet + 1ms), BridgeState::Stalled);
    ASSERT_TRUE(h.needs_restart(t0 + 6s));
    EXPECT_NE(h.needs_restart(t0 + 6s)->find("stopped moving audio"), std::string::npos);
    EXPECT_EQ(h.sync_losses(), 0u);
}

TEST(BridgeHealth, ABridgeThatNeverLocksHasStalledAfterTheSyncLimit) {
    jack::BridgeHealth h;
    h.started(t0);
    h.take("Starting synchronisation.", t0 + 1s);
    EXPECT_FALSE(h.needs_restart(t0 + 1s + jack::BridgeHealth::kSyncLimit));
    ASSERT_TRUE(h.needs_restart(t0 + 1s + jack::BridgeHealth::kSyncLimit + 1ms));
    EXPECT_EQ(h.state(t0 + 10s), BridgeState::Stalled);
}

TEST(BridgeHealth, OtherLinesAreLoggedAndChangeNothing) {
    jack::BridgeHealth h;
    h.started(t0);
    h.take("   0.000   1.000000   512", t0);
    h.take("   0.000   1.000000   512", t0 + 1s);
    EXPECT_TRUE(h.take("Alsa_pcmi: error on playback pollfd.", t0 + 1100ms));
    EXPECT_TRUE(h.take("1.0 2.0", t0 + 1200ms)) << "two numbers are not a trace line";
    EXPECT_TRUE(h.take("   0.000   1.000000   512 extra", t0 + 1300ms));
    EXPECT_TRUE(h.take("", t0 + 1400ms));
    h.take("   0.000   1.000000   512", t0 + 2s);
    EXPECT_EQ(h.state(t0 + 2s), BridgeState::Running);
    EXPECT_EQ(h.sync_losses(), 0u);
}
