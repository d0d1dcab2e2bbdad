// The amixer value tokenizer: every token kind, amixer's sign rule for steps, and what is not a value.
#include <gtest/gtest.h>

#include <cmath>

#include "util/amixer_value.hpp"

using namespace headamp::amixer;
using Kind = Token::Kind;

namespace {

Token one(std::string_view value) {
    const std::vector<Token> t = tokenize(value);
    EXPECT_EQ(t.size(), 1u) << value;
    return t.front();
}

}  // namespace

TEST(AmixerValue, Levels) {
    Token t = one("80%");
    EXPECT_EQ(t.kind, Kind::Level);
    EXPECT_EQ(t.unit, Unit::Percent);
    EXPECT_EQ(t.step, Step::None);
    EXPECT_DOUBLE_EQ(t.number, 80);
    t = one("-3dB");
    EXPECT_EQ(t.unit, Unit::Db);
    EXPECT_DOUBLE_EQ(t.number, -3);
    EXPECT_EQ(one("-20.5DB").number, -20.5);
    EXPECT_EQ(one("+6db").number, 6);
    EXPECT_EQ(one(".5dB").number, 0.5);
    t = one("50%+");
    EXPECT_EQ(t.unit, Unit::Percent);
    EXPECT_EQ(t.step, Step::Add);
    EXPECT_DOUBLE_EQ(step_change(t), 50);
    t = one("-inf");
    EXPECT_EQ(t.kind, Kind::Level);
    EXPECT_EQ(t.unit, Unit::Db);
    EXPECT_TRUE(std::isinf(t.number) && t.number < 0);
    EXPECT_TRUE(std::isinf(one("-INFdB").number));
}

TEST(AmixerValue, StepsKeepTheirSignAsInAmixer) {
    // amixer.c adds the signed number for "+" and takes it away for "-".
    EXPECT_DOUBLE_EQ(step_change(one("3dB+")), 3);
    EXPECT_DOUBLE_EQ(step_change(one("3dB-")), -3);
    EXPECT_DOUBLE_EQ(step_change(one("-3dB+")), -3);
    EXPECT_DOUBLE_EQ(step_change(one("-3dB-")), 3);
    EXPECT_DOUBLE_EQ(step_change(one("-3dB")), 0);
}

TEST(AmixerValue, RawIntegersAreExact) {
    Token t = one("9223372036854775807");
    EXPECT_EQ(t.kind, Kind::Level);
    EXPECT_EQ(t.unit, Unit::Raw);
    EXPECT_EQ(t.integer, 9223372036854775807L);
    t = one("-9223372036854775808-");
    EXPECT_EQ(t.integer, std::numeric_limits<long>::min());
    EXPECT_EQ(t.step, Step::Subtract);
    EXPECT_EQ(one("5+").integer, 5);
    EXPECT_EQ(one("007").integer, 7);
}

TEST(AmixerValue, SwitchWordsAndNames) {
    const std::pair<const char*, SwitchWord> words[] = {
        {"mute", SwitchWord::Mute},   {"OFF", SwitchWord::Mute},        {"unmute", SwitchWord::Unmute},
        {"On", SwitchWord::Unmute},   {"toggle", SwitchWord::Toggle},   {"cap", SwitchWord::Capture},
        {"rec", SwitchWord::Capture}, {"nocap", SwitchWord::NoCapture}, {"NOREC", SwitchWord::NoCapture}};
    for (const auto& [text, word] : words) {
        const Token t = one(text);
        EXPECT_EQ(t.kind, Kind::Switch) << text;
        EXPECT_EQ(t.word, word) << text;
    }
    for (const char* name : {"Stereo", "yes", "muted", "mute ", "nan%", "\xc3\xa9t\xc3\xa9", "\xff"}) {
        const Token t = one(name);
        EXPECT_EQ(t.kind, Kind::Name) << name;
        EXPECT_EQ(t.text, name);
    }
}

TEST(AmixerValue, CommasSeparateItemsAndEmptyItemsAreInvalid) {
    const std::vector<Token> t = tokenize("-12dB,unmute,Line,");
    ASSERT_EQ(t.size(), 4u);
    EXPECT_EQ(t[0].kind, Kind::Level);
    EXPECT_EQ(t[1].kind, Kind::Switch);
    EXPECT_EQ(t[2].kind, Kind::Name);
    EXPECT_EQ(t[3].kind, Kind::Invalid);
    EXPECT_NE(t[3].error.find("empty"), std::string::npos);
    EXPECT_EQ(tokenize("").size(), 1u);
    EXPECT_EQ(tokenize("").front().kind, Kind::Invalid);
    EXPECT_EQ(tokenize(",,").size(), 3u);
}

TEST(AmixerValue, WhatStartsLikeANumberButIsNotOneIsInvalidWithAReason) {
    for (const char* bad : {"-", "+", ".", "--3", "3dB++", "3+-", "3 dB", "3dBx", "1e3dB", "3%dB", "-inf+", "5.5",
                            "80\xc3\xa9", "-3dB\xff"}) {
        const Token t = one(bad);
        EXPECT_EQ(t.kind, Kind::Invalid) << bad;
        EXPECT_FALSE(t.error.empty()) << bad;
        EXPECT_EQ(t.error.find("sto"), std::string::npos) << t.error;
    }
    EXPECT_NE(one("5.5").error.find("whole number"), std::string::npos);
}

TEST(AmixerValue, HugeNumbersAreSaidToBeTooLarge) {
    const std::string digits(400, '9');
    for (const std::string& huge :
         {std::string("99999999999999999999"), std::string("-99999999999999999999+"), digits + "dB", digits + "%-"}) {
        const Token t = one(huge);
        EXPECT_EQ(t.kind, Kind::Invalid) << huge;
        EXPECT_NE(t.error.find("too large"), std::string::npos) << t.error;
        EXPECT_LT(t.error.size(), 120u) << "the number is clipped in the message";
    }
    EXPECT_DOUBLE_EQ(one("1" + std::string(300, '0') + "dB").number,
                     1e300);  // large but finite: the reader's range check
}
