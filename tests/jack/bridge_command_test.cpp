// The command line of a resampling bridge: headampd's options after the configured command.
#include <gtest/gtest.h>

#include "jack/bridge.hpp"

using namespace headamp;

TEST(BridgeCommand, CarriesClientCardChannelsAndTheConfiguredTiming) {
    jack::BridgeSettings s;
    EXPECT_EQ(jack::bridge_command(s, jack::BridgeDirection::Capture, "Solo-in", 3, 2),
              (std::vector<std::string>{"zita-a2j", "-j", "Solo-in", "-d", "hw:3", "-c", "2", "-r", "48000", "-p",
                                        "256", "-n", "2", "-v"}));
    s.playback_command = {"nice", "zita-j2a"};
    s.rate = 44100;
    s.period = 1024;
    s.fragments = 3;
    EXPECT_EQ(jack::bridge_command(s, jack::BridgeDirection::Playback, "Solo-out", 11, 4),
              (std::vector<std::string>{"nice", "zita-j2a", "-j", "Solo-out", "-d", "hw:11", "-c", "4", "-r", "44100",
                                        "-p", "1024", "-n", "3", "-v"}));
}
