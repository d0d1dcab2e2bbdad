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
