// Telling JACK's own device by the aliases JACK2's ALSA driver gives system ports.
#include <gtest/gtest.h>

#include "jack/alsa_alias_finder.hpp"

using headamp::jack::match_card_alias;

TEST(CardAlias, MatchesByCardNumberOrIdInEveryDeviceSpelling) {
    for (const char* alias : {"alsa_pcm:hw:1:out3", "alsa_pcm:hw:1,0:out3", "alsa_pcm:hw:USB:out3",
                              "alsa_pcm:hw:CARD=USB,DEV=0:out3", "alsa_pcm:plughw:1,0:out3"}) {
        const auto m = match_card_alias(alias, 1, "USB");
        ASSERT_TRUE(m) << alias;
        EXPECT_TRUE(m->capture);
        EXPECT_EQ(m->channel, 2);
    }
    const auto playback = match_card_alias("alsa_pcm:hw:USB:in2", 1, "USB");
    ASSERT_TRUE(playback);
    EXPECT_FALSE(playback->capture);
    EXPECT_EQ(playback->channel, 1);
}

TEST(CardAlias, OtherCardsAndOtherAliasesDoNotMatch) {
    for (const char* alias :
         {"alsa_pcm:hw:2:out1", "alsa_pcm:hw:10:out1", "alsa_pcm:hw:USB1:out1", "alsa_pcm:hw:1:out0",
          "alsa_pcm:hw:1:outx", "alsa_pcm:hw:1:monitor1", "firewire_pcm:hw:1:out1", "alsa_pcm:default:out1",
          "alsa_pcm:out1", "", "system:capture_1"})
        EXPECT_FALSE(match_card_alias(alias, 1, "USB")) << alias;
    EXPECT_FALSE(match_card_alias("alsa_pcm:hw::out1", 1, ""));
}
