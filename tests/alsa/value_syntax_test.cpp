// amixer value syntax against controls of the recorded sets: dB, percent, raw, relative, switches, items.
#include <gtest/gtest.h>

#include <alsa/asoundlib.h>

#include "alsa/value_syntax.hpp"

using namespace headamp::alsa;

namespace {

ControlInfo headphone() {  // uac2_preamp.txt: 0.5 dB steps from -63.5 dB, raw 0 = mute
    ControlInfo c;
    c.id = {"Headphone Playback Volume", 0};
    c.kind = Kind::Volume;
    c.channels = 2;
    c.raw_max = 127;
    c.db = DbScale::from_tlv({SND_CTL_TLVT_DB_SCALE, 8, static_cast<unsigned>(-6350), 50 | 0x10000u}, 0, 127);
    return c;
}

ControlInfo speaker_no_db() {
    ControlInfo c;
    c.id = {"Speaker Playback Volume", 0};
    c.kind = Kind::Volume;
    c.channels = 2;
    c.raw_max = 151;
    return c;
}

}  // namespace

TEST(ValueSyntax, DbAbsoluteNeverLouderAndRelative) {
    const ControlInfo c = headphone();
    EXPECT_EQ(parse_value(c, {90, 90}, "-20.3dB").values, (ControlValues{86, 86}));
    EXPECT_EQ(parse_value(c, {90, 90}, "-12dB,-14dB").values, (ControlValues{103, 99}));
    EXPECT_EQ(parse_value(c, {90, 90}, "3dB+").values, (ControlValues{96, 96}));
    EXPECT_EQ(parse_value(c, {90, 90}, "1dB-").values, (ControlValues{88, 88}));
    EXPECT_EQ(parse_value(c, {90, 90}, "0.2dB+").values, (ControlValues{91, 91}));  // moves up by a step
}

TEST(ValueSyntax, PercentRawAndClamping) {
    const ControlInfo c = speaker_no_db();
    EXPECT_EQ(parse_value(c, {0, 0}, "50%").values, (ControlValues{76, 76}));
    EXPECT_EQ(parse_value(c, {100, 100}, "10+").values, (ControlValues{110, 110}));
    EXPECT_EQ(parse_value(c, {100, 100}, "500").values, (ControlValues{151, 151}));
    EXPECT_EQ(parse_value(c, {100, 100}, "100%,0%").values, (ControlValues{151, 0}));
    const ParsedValue no_db = parse_value(c, {0, 0}, "-6dB");
    EXPECT_TRUE(no_db.values.empty());
    EXPECT_NE(no_db.error.find("no dB"), std::string::npos);
}

TEST(ValueSyntax, SwitchesAndEnumerations) {
    ControlInfo sw;
    sw.id = {"PCM Playback Switch", 0};
    sw.kind = Kind::Switch;
    sw.channels = 1;
    sw.raw_max = 1;
    EXPECT_EQ(parse_value(sw, {1}, "off").values, (ControlValues{0}));
    EXPECT_EQ(parse_value(sw, {1}, "toggle").values, (ControlValues{0}));
    EXPECT_EQ(parse_value(sw, {0}, "ON").values, (ControlValues{1}));
    EXPECT_FALSE(parse_value(sw, {0}, "loud").error.empty());

    ControlInfo e;
    e.id = {"Direct Monitor Playback Enum", 0};
    e.kind = Kind::Enumeration;
    e.channels = 1;
    e.items = {"Off", "Mono", "Stereo", "Line, rear"};
    e.raw_max = 3;
    EXPECT_EQ(parse_value(e, {0}, "stereo").values, (ControlValues{2}));
    EXPECT_EQ(parse_value(e, {0}, "1").values, (ControlValues{1}));
    EXPECT_EQ(parse_value(e, {0}, "Line, rear").values, (ControlValues{3}));
    EXPECT_FALSE(parse_value(e, {0}, "Quad").error.empty());
    EXPECT_FALSE(parse_value(e, {0}, "Off,Mono").error.empty());  // one channel only
}

TEST(ValueSyntax, GarbageIsAnErrorNotAValue) {
    const ControlInfo c = headphone();
    for (const char* bad : {"", "dB", "%", "abc", "1e999dB", "--3", "3dB++", "nan%"}) {
        const ParsedValue p = parse_value(c, {90, 90}, bad);
        EXPECT_TRUE(p.values.empty()) << bad;
        EXPECT_FALSE(p.error.empty()) << bad;
    }
}

TEST(ValueSyntax, StepsAddTheirSignedNumberAsInAmixer) {
    // amixer.c adds the signed number for "+" and takes it away for "-": "-3dB+" is 3 dB down (it used to
    // be 3 dB up here, and a usage error in the headamp command's own reader).
    const ControlInfo c = headphone();
    EXPECT_EQ(parse_value(c, {90, 90}, "-3dB+").values, parse_value(c, {90, 90}, "3dB-").values);
    EXPECT_EQ(parse_value(c, {90, 90}, "-3dB+").values, (ControlValues{84, 84}));
    EXPECT_EQ(parse_value(c, {90, 90}, "-3dB-").values, (ControlValues{96, 96}));
    EXPECT_EQ(parse_value(c, {90, 90}, "0dB+").values, (ControlValues{90, 90}));
    const ControlInfo raw = speaker_no_db();
    EXPECT_EQ(parse_value(raw, {100, 100}, "-10+").values, (ControlValues{90, 90}));
    EXPECT_EQ(parse_value(raw, {100, 100}, "-10-").values, (ControlValues{110, 110}));
    EXPECT_EQ(parse_value(raw, {100, 100}, "-10%-").values, parse_value(raw, {100, 100}, "10%+").values);
}

TEST(ValueSyntax, AListSetsOneChannelEachAndTheRestKeepTheirValue) {
    ControlInfo c = speaker_no_db();
    c.channels = 4;
    EXPECT_EQ(parse_value(c, {1, 2, 3, 4}, "50%").values, (ControlValues{76, 76, 76, 76}));
    EXPECT_EQ(parse_value(c, {1, 2, 3, 4}, "100%,0%").values, (ControlValues{151, 0, 3, 4}));
    EXPECT_FALSE(parse_value(c, {1, 2, 3, 4}, "1,2,3,4,5").error.empty());
}

TEST(ValueSyntax, MinusInfinityIsTheBottomOfTheScale) {
    EXPECT_EQ(parse_value(headphone(), {90, 90}, "-inf").values, (ControlValues{0, 0}));
    EXPECT_NE(parse_value(speaker_no_db(), {90, 90}, "-inf").error.find("no dB"), std::string::npos);
}

TEST(ValueSyntax, SwitchWordsOfAmixer) {
    ControlInfo sw;
    sw.id = {"Mic Capture Switch", 0};
    sw.kind = Kind::Switch;
    sw.channels = 2;
    sw.raw_max = 1;
    EXPECT_EQ(parse_value(sw, {0, 0}, "cap").values, (ControlValues{1, 1}));
    EXPECT_EQ(parse_value(sw, {1, 1}, "nocap").values, (ControlValues{0, 0}));
    EXPECT_EQ(parse_value(sw, {1, 1}, "mute,unmute").values, (ControlValues{0, 1}));
    EXPECT_EQ(parse_value(sw, {0, 1}, "toggle").values, (ControlValues{1, 0}));
    EXPECT_EQ(parse_value(sw, {0, 0}, "yes,1").values, (ControlValues{1, 1}));
    for (const char* bad : {"2", "1+", "50%", "-6dB", "maybe"})
        EXPECT_FALSE(parse_value(sw, {0, 0}, bad).error.empty()) << bad;
}

TEST(ValueSyntax, EmptyItemsBytesAboveAsciiAndHugeNumbersAreClearErrors) {
    const ControlInfo c = headphone();
    const auto error = [&](const std::string& text) {
        const ParsedValue p = parse_value(c, {90, 90}, text);
        EXPECT_TRUE(p.values.empty()) << text;
        EXPECT_EQ(p.error.find("sto"), std::string::npos) << p.error;
        return p.error;
    };
    EXPECT_NE(error("-6dB,").find("empty"), std::string::npos);
    EXPECT_NE(error(",").find("empty"), std::string::npos);
    EXPECT_NE(error("").find("empty"), std::string::npos);
    EXPECT_NE(error("99999999999999999999").find("too large"), std::string::npos);
    EXPECT_NE(error("-99999999999999999999+").find("too large"), std::string::npos);
    EXPECT_NE(error(std::string(400, '9') + "dB").find("too large"), std::string::npos);
    EXPECT_NE(error("\xc3\xa9").find("is not a value for 'Headphone Playback Volume'"), std::string::npos);
    EXPECT_NE(error("-6dB\xff").find("is not a value"), std::string::npos);

    ControlInfo e;
    e.id = {"Mode Enum", 0};
    e.kind = Kind::Enumeration;
    e.channels = 1;
    e.items = {"Aus",
               "\xc3\x9c"
               "berall"};  // "Überall"
    e.raw_max = 1;
    EXPECT_EQ(parse_value(e, {0},
                          "\xc3\x9c"
                          "berall")
                  .values,
              (ControlValues{1}));
    EXPECT_FALSE(parse_value(e, {0},
                             "\xc3\xbc"
                             "berall")
                     .error.empty());  // only ASCII letters fold
}
