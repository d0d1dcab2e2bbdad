// Finding a card's control by amixer's NAME,INDEX and the shared name rule.
#include <gtest/gtest.h>

#include "alsa/control_lookup.hpp"

using namespace headamp::alsa;

namespace {

ControlInfo control(const char* name, unsigned index = 0) {
    ControlInfo c;
    c.id = {name, index};
    return c;
}

// A card with two inputs of the same name (indices 0 and 1), as snd-usb-audio numbers them.
const std::vector<ControlInfo> kCard{control("Mic Playback Switch"), control("Mic Playback Volume"),
                                     control("Mic Playback Volume", 1), control("Input Gain Capture Volume"),
                                     control("Line Capture Volume", 1)};

std::string found(std::string_view name) {
    const ControlLookup r = find_control(kCard, name);
    return r.control ? r.control->id.name + "," + std::to_string(r.control->id.index) : "error: " + r.error;
}

}  // namespace

TEST(ControlLookup, NoIndexIsIndexZeroAsInAmixer) {
    // The old matcher refused "Mic Playback Volume" as ambiguous between its indices 0 and 1.
    EXPECT_EQ(found("Mic Playback Volume"), "Mic Playback Volume,0");
    EXPECT_EQ(found("mic playback volume,1"), "Mic Playback Volume,1");
    EXPECT_EQ(found("Mic Playback Volume,01"), "Mic Playback Volume,1");
}

TEST(ControlLookup, PrefixWithinTheIndex) {
    EXPECT_EQ(found("input gain"), "Input Gain Capture Volume,0");
    EXPECT_EQ(found("mic playback v"), "Mic Playback Volume,0");
    EXPECT_EQ(found("mic,1"), "Mic Playback Volume,1");  // the only control at index 1 that starts so
    EXPECT_EQ(found("Line,1"), "Line Capture Volume,1");
}

TEST(ControlLookup, AmbiguityListsTheCandidatesWithTheirIndex) {
    EXPECT_EQ(found("mic"),
              "error: control 'mic' is ambiguous: it could be Mic Playback Switch,0; Mic Playback Volume,0");
}

TEST(ControlLookup, ANameOnlyAtAnotherIndexSaysWhichIndexItHas) {
    EXPECT_EQ(found("Line Capture Volume"),
              "error: there is no control 'Line Capture Volume' at index 0; give the index: Line Capture Volume,1");
    EXPECT_NE(found("Line").find("there is no control 'Line'; 'headamp controls DEVICE' lists them"),
              std::string::npos);
}

TEST(ControlLookup, IndicesAndNamesThatAreNotSo) {
    EXPECT_EQ(found("Mic Playback Volume,99999999999999999999"),
              "error: control index 99999999999999999999 is out of range (0..4294967295)");
    EXPECT_EQ(found("Mic Playback Volume,2"),
              "error: there is no control 'Mic Playback Volume,2'; 'headamp controls DEVICE' lists them");
    // Not digits after the comma (UTF-8 "é", a sign, nothing): the comma is part of the name.
    for (std::string_view name : {"Mic Playback Volume,\xc3\xa9", "Mic Playback Volume,-1", "Mic Playback Volume,", ""})
        EXPECT_EQ(find_control(kCard, name).control, nullptr) << name;
    EXPECT_TRUE(find_control({}, "Mic").error.find("no control 'Mic'") != std::string::npos);
}
