// The recorded control sets parse, and the recording format is read the way amixer writes it.
#include <gtest/gtest.h>

#include <alsa/asoundlib.h>

#include <sstream>

#include "amixer_contents.hpp"

using namespace headamp::alsa::test;

TEST(AmixerContents, ParsesAControlWithDbAndItems) {
    std::istringstream in(
        "numid=3,iface=MIXER,name='Line 01 (Monitor L) Playback Volume',index=1\n"
        "  ; type=INTEGER,access=rw---R--,values=2,min=0,max=87,step=0\n"
        "  : values=87,80\n"
        "  | dBscale-min=-65.25dB,step=0.75dB,mute=1\n"
        "numid=4,iface=MIXER,name='Source'\n"
        "  ; type=ENUMERATED,access=rw------,values=1,items=2\n"
        "  ; Item #0 'Mic'\n"
        "  ; Item #1 'Line, rear'\n"
        "  : values=1\n");
    const auto controls = parse_amixer_contents(in);
    ASSERT_EQ(controls.size(), 2u);
    EXPECT_EQ(controls[0].name, "Line 01 (Monitor L) Playback Volume");
    EXPECT_EQ(controls[0].index, 1u);
    EXPECT_EQ(controls[0].values, (std::vector<long>{87, 80}));
    EXPECT_EQ(controls[0].tlv,
              (std::vector<unsigned>{SND_CTL_TLVT_DB_SCALE, 8, static_cast<unsigned>(-6525), 75 | 0x10000u}));
    EXPECT_EQ(controls[1].items, (std::vector<std::string>{"Mic", "Line, rear"}));
    EXPECT_EQ(controls[1].max, 1);
}

TEST(AmixerContents, RefusesWhatItDoesNotKnowWithTheLine) {
    std::istringstream in(
        "numid=1,iface=MIXER,name='X'\n  ; type=INTEGER,access=rw------,values=1,min=0,max=1,step=0\n  | "
        "dBfoo-min=1\n");
    try {
        parse_amixer_contents(in);
        FAIL();
    } catch (const RecordingError& e) {
        EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
    }
}

TEST(AmixerContents, RecordedSetsLoad) {
    EXPECT_GE(load_amixer_contents(std::string(ALSA_TEST_DATA) + "/scarlett_4i4_gen3.txt").size(), 80u);
    EXPECT_EQ(load_amixer_contents(std::string(ALSA_TEST_DATA) + "/usb_audio_codec.txt").size(), 10u);
    EXPECT_EQ(load_amixer_contents(std::string(ALSA_TEST_DATA) + "/headset_no_db.txt").size(), 7u);
    EXPECT_EQ(load_amixer_contents(std::string(ALSA_TEST_DATA) + "/uac2_preamp.txt").size(), 8u);
    EXPECT_EQ(load_amixer_contents(std::string(ALSA_TEST_DATA) + "/linux_uac2_gadget.txt").size(),
              6u);  // TLV containers
}
