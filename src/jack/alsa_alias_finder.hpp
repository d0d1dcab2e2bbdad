// The JACK2 card port finder: the ports of an ALSA card that is JACK's own device, from the port aliases
// JACK2's ALSA driver sets.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "jack/card_port_finder.hpp"

namespace headamp::jack {

// JACK2's ALSA driver aliases system:capture_N as "alsa_pcm:<device>:outN" and system:playback_N
// as "alsa_pcm:<device>:inN", where <device> is what jackd was given: "hw:1", "hw:1,0", "hw:USB",
// "plughw:CARD=USB,DEV=0"...
struct AliasChannel {
    bool capture = false;  // an "outN" alias: the card's capture channel N, a port we read from
    int channel = 0;       // 0-based
};

// The channel an alias names when it belongs to the card (by number or by id), else nothing.
std::optional<AliasChannel> match_card_alias(std::string_view alias, int card_number, std::string_view card_id);

// Scans every audio port's aliases.
class AlsaAliasFinder : public CardPortFinder {
public:
    CardPorts find(const JackClient& client, int card_number, const std::string& card_id) const override;
};

}  // namespace headamp::jack
