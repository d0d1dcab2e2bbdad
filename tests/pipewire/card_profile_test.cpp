// Who drives a card's hardware output volume under PipeWire, decided from its nodes' properties: headamp
// in Pro Audio (and where PipeWire's volume is software only), PipeWire in a desktop profile.
#include <gtest/gtest.h>

#include "pipewire/card_profile.hpp"

using namespace headamp::pipewire;

namespace {

CardNode source(const std::string& mapping) {
    return {"alsa_input.usb-X-00." + mapping, "X " + mapping, mapping, false, false};
}
CardNode sink(const std::string& mapping, bool soft_mixer = false) {
    return {"alsa_output.usb-X-00." + mapping, "X " + mapping, mapping, true, soft_mixer};
}

}  // namespace

TEST(CardProfile, ProAudioLeavesTheHardwareVolumeToHeadamp) {
    const CardProfile p = card_profile({source("pro-input-0"), sink("pro-output-0")});
    EXPECT_EQ(p.profile, "pro-audio");
    EXPECT_FALSE(p.pipewire_drives_volume);
    EXPECT_EQ(p.nodes,
              (std::vector<std::string>{"alsa_input.usb-X-00.pro-input-0", "alsa_output.usb-X-00.pro-output-0"}));
    EXPECT_EQ(p.description, "X pro-input-0");
}

TEST(CardProfile, DesktopProfileSinkMeansPipeWireDrivesTheVolume) {
    // VM-RIG.md: WirePlumber's default for a new card; its sink volume 0.40 puts the PCM volume at -23 dB.
    const CardProfile p = card_profile({source("analog-stereo"), sink("analog-stereo")});
    EXPECT_EQ(p.profile, "output:analog-stereo+input:analog-stereo");  // as WirePlumber names the profile
    EXPECT_TRUE(p.pipewire_drives_volume);
    EXPECT_TRUE(card_profile({sink("iec958-stereo")}).pipewire_drives_volume);
    EXPECT_EQ(card_profile({sink("analog-stereo")}).profile, "output:analog-stereo");
}

TEST(CardProfile, ADesktopSourceAloneOrASoftMixerSinkLeavesTheHardwareAlone) {
    // Input only: there is no output volume to fight over.
    const CardProfile input = card_profile({source("mono-fallback")});
    EXPECT_EQ(input.profile, "input:mono-fallback");
    EXPECT_FALSE(input.pipewire_drives_volume);
    // api.alsa.soft-mixer: PipeWire's volume is software only, the card's mixer stays as it is.
    EXPECT_FALSE(card_profile({source("analog-stereo"), sink("analog-stereo", true)}).pipewire_drives_volume);
}

TEST(CardProfile, NodesNotMadeByAcpHaveNoProfileAndLeaveTheHardwareAlone) {
    // A plain api.alsa.pcm node (no device.profile.name) does not touch the card's mixer.
    const CardProfile p = card_profile({source(""), sink("")});
    EXPECT_EQ(p.profile, "");
    EXPECT_FALSE(p.pipewire_drives_volume);
    EXPECT_EQ(p.nodes.size(), 2u);
    const CardProfile none = card_profile({});
    EXPECT_TRUE(none.nodes.empty());
    EXPECT_EQ(none.profile, "");
    EXPECT_FALSE(none.pipewire_drives_volume);
}
