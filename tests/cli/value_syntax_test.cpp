// A fader's reading of amixer values: one setting per comma-separated item, amixer's meaning for
// steps, conflicts and what a fader cannot take refused with a reason, and the request left alone then.
#include <gtest/gtest.h>

#include "cli/value_syntax.hpp"
#include "control/volume_mapping.hpp"
#include "core/graph.hpp"

using namespace headamp::cli;
using nlohmann::json;

namespace {

constexpr double kTop = 12.0;

json level(const std::string& value) {
    json r = json::object();
    const auto error = parse_level_value(value, kTop, r);
    EXPECT_FALSE(error) << value << ": " << error.value_or("");
    return r;
}

std::string refused(const std::string& value) {
    json r = {{"op", "set"}};
    const auto error = parse_level_value(value, kTop, r);
    EXPECT_TRUE(error) << value;
    EXPECT_EQ(r, json({{"op", "set"}})) << "a refused value changes nothing in the request";
    return error.value_or("");
}

}  // namespace

TEST(FaderValue, EveryTokenKindAFaderTakes) {
    EXPECT_EQ(level("-6dB"), json({{"level_db", -6.0}}));
    EXPECT_EQ(level("+3DB"), json({{"level_db", 3.0}}));
    EXPECT_EQ(level("-inf"), json({{"level_db", headamp::core::kSilenceDb}}));
    EXPECT_EQ(level("80%"), json({{"level_db", headamp::control::position_to_db(0.8, kTop)}}));
    EXPECT_EQ(level("mute"), json({{"mute", true}}));
    EXPECT_EQ(level("off"), json({{"mute", true}}));
    EXPECT_EQ(level("Unmute"), json({{"mute", false}}));
    EXPECT_EQ(level("on"), json({{"mute", false}}));
    EXPECT_EQ(level("toggle"), json({{"mute", "toggle"}}));
    EXPECT_EQ(level("-10dB,unmute"), json({{"level_db", -10.0}, {"mute", false}}));
}

TEST(FaderValue, StepsAddTheirSignedNumberAsInAmixer) {
    // "-3dB+" was a usage error here and +3 dB for a card's control; amixer adds -3 dB.
    EXPECT_EQ(level("3dB+"), json({{"level_step_db", 3.0}}));
    EXPECT_EQ(level("2dB-"), json({{"level_step_db", -2.0}}));
    EXPECT_EQ(level("-3dB+"), json({{"level_step_db", -3.0}}));
    EXPECT_EQ(level("-3dB-"), json({{"level_step_db", 3.0}}));
}

TEST(FaderValue, ConflictsAreRefused) {
    EXPECT_NE(refused("mute,unmute").find("'mute' and 'unmute' both set the mute"), std::string::npos);
    EXPECT_NE(refused("80%,-3dB+").find("'80%' and '-3dB+' both set the level"), std::string::npos);
    EXPECT_NE(refused("toggle,-6dB,off").find("'toggle' and 'off' both set the mute"), std::string::npos);
}

TEST(FaderValue, WhatAFaderCannotTakeIsSaidSo) {
    EXPECT_NE(refused("80").find("no unit"), std::string::npos);
    EXPECT_NE(refused("5+").find("no unit"), std::string::npos);
    EXPECT_NE(refused("50%+").find("steps in dB"), std::string::npos);
    EXPECT_NE(refused("cap").find("capture switch"), std::string::npos);
    EXPECT_NE(refused("nocap").find("capture switch"), std::string::npos);
    EXPECT_NE(refused("120%").find("between 0% and 100%"), std::string::npos);
    EXPECT_NE(refused("-5%").find("between 0% and 100%"), std::string::npos);
    EXPECT_NE(refused("loud").find("not understood"), std::string::npos);
}

TEST(FaderValue, EmptyItemsBytesAboveAsciiAndHugeNumbers) {
    for (const char* empty : {"", ",", "-6dB,", ",mute", "-6dB,,mute"})
        EXPECT_NE(refused(empty).find("not understood"), std::string::npos) << empty;
    for (const char* bytes : {"\xc3\xa9", "-6dB\xff", "\x80%", "mute\xe2\x80\x8b"}) {
        const std::string e = refused(bytes);
        EXPECT_FALSE(e.empty()) << bytes;
    }
    // Large but finite: a number for the daemon to judge (steps stop at the fader's ends).
    EXPECT_EQ(level("99999999999999999999999dB+"), json({{"level_step_db", 1e23}}));
    EXPECT_NE(refused(std::string(400, '9') + "dB").find("too large"), std::string::npos);
    EXPECT_NE(refused("99999999999999999999").find("too large"), std::string::npos);
}
