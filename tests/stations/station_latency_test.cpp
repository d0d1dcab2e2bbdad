// A station's latency from what its proxy states (jack/station_latency): the figures NETJACK.md
// read from netmanager's ports (-l 5 at period 256: 640 and 896) give 5 periods and a round trip of
// 6 periods; tests/stations' headampd test checks the round trip against a measured loop.
#include <gtest/gtest.h>

#include "jack/station_latency.hpp"

using headamp::jack::station_latency_from;

TEST(StationLatency, NetmanagersStatedRangesGiveTheStationsPeriodsAndTheRoundTrip) {
    const auto l5 = station_latency_from(256, 48000, 640, 896);
    ASSERT_TRUE(l5.has_value());
    EXPECT_EQ(l5->periods, 5);
    EXPECT_EQ(l5->round_trip_frames, 1536u);
    EXPECT_DOUBLE_EQ(*l5->round_trip_ms, 32.0);

    const auto l1 = station_latency_from(256, 48000, 128, 384);
    ASSERT_TRUE(l1.has_value());
    EXPECT_EQ(l1->periods, 1);
    EXPECT_EQ(l1->round_trip_frames, 512u);
    EXPECT_NEAR(*l1->round_trip_ms, 10.667, 0.001);
}

TEST(StationLatency, AStationThatSendsNothingBackHasPeriodsButNoRoundTrip) {
    const auto l = station_latency_from(64, 48000, 64, std::nullopt);
    ASSERT_TRUE(l.has_value());
    EXPECT_EQ(l->periods, 2);
    EXPECT_FALSE(l->round_trip_frames.has_value());
    EXPECT_FALSE(l->round_trip_ms.has_value());
}

TEST(StationLatency, WhatNetmanagerWouldNotStateIsNone) {
    EXPECT_FALSE(station_latency_from(256, 48000, 100, 356).has_value());  // not a whole half period
    EXPECT_FALSE(station_latency_from(0, 48000, 128, 384).has_value());
    EXPECT_FALSE(station_latency_from(256, 0, 128, 384).has_value());
}
