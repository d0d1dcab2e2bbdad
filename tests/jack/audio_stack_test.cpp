// Telling JACK2's libjack from PipeWire's by the version string each gives.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "jack/audio_stack.hpp"

using namespace headamp::jack;

TEST(AudioStack, Jack2IsWhatSaysNothingOfPipeWire) {
    const AudioStack s = stack_of("1.9.21");
    EXPECT_EQ(s.kind, StackKind::Jack2);
    EXPECT_FALSE(s.pipewire());
    EXPECT_EQ(s.version, "1.9.21");
    EXPECT_EQ(to_string(s.kind), "jack2");
}

TEST(AudioStack, PipeWiresLibjackNamesItsVersion) {
    // What pipewire-jack 0.3.65 (Debian 12) says, and a later spelling with more after the version.
    const AudioStack s = stack_of("3.0.0.0 (using PipeWire 0.3.65)");
    EXPECT_EQ(s.kind, StackKind::PipeWire);
    EXPECT_EQ(s.version, "0.3.65");
    EXPECT_EQ(to_string(s.kind), "pipewire");
    EXPECT_EQ(stack_of("3.0.0.0 (using PipeWire 1.4.2 and more)").version, "1.4.2");
    EXPECT_EQ(stack_of("PipeWire").kind, StackKind::PipeWire);
    EXPECT_EQ(stack_of("PipeWire").version, "");
}

TEST(AudioStack, TheLibjackOfThisTestIsDetectedWithoutAServer) {
    // meson runs this test with JACK2's libjack; under pw-jack (PipeWire's libjack first in the library
    // path) it says pipewire.
    const char* path = std::getenv("LD_LIBRARY_PATH");
    const bool pw_jack = path && std::string(path).find("pipewire") != std::string::npos;
    const AudioStack s = detect_audio_stack();
    EXPECT_EQ(s.kind, pw_jack ? StackKind::PipeWire : StackKind::Jack2);
    EXPECT_FALSE(s.version.empty());
}

TEST(AudioStack, ADeadClientIsClosedButOnPipeWireJackThatFreesItsBuffersTwice) {
    EXPECT_TRUE(closes_dead_clients_safely(stack_of("1.9.21")));
    EXPECT_TRUE(closes_dead_clients_safely(stack_of("3.0.0.0 (using PipeWire 0.3.65)")));
    EXPECT_TRUE(closes_dead_clients_safely(stack_of("3.0.0.0 (using PipeWire 1.3.80)")));
    EXPECT_FALSE(closes_dead_clients_safely(stack_of("3.0.0.0 (using PipeWire 1.3.81)")));
    EXPECT_FALSE(closes_dead_clients_safely(stack_of("3.0.0.0 (using PipeWire 1.4.2)")));
    EXPECT_FALSE(closes_dead_clients_safely(stack_of("3.0.0.0 (using PipeWire 1.6.0)")));
    EXPECT_FALSE(closes_dead_clients_safely(stack_of("3.0.0.0 (using PipeWire 2)")));
    EXPECT_FALSE(closes_dead_clients_safely(stack_of("PipeWire")));        // no version: unsafe
    EXPECT_FALSE(closes_dead_clients_safely(stack_of("PipeWire x.y.z")));  // unreadable: unsafe
}
