// Finding the JACK ports of an ALSA card that is JACK's own device, from the port aliases JACK2's ALSA driver sets.
#pragma once

#include <jack/jack.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

struct CardPorts {
    std::vector<std::string> capture;   // full port names in channel order
    std::vector<std::string> playback;
    bool empty() const { return capture.empty() && playback.empty(); }
};

// Scans every audio port's aliases. Channels must be complete from 1 up, or that direction is left empty.
CardPorts find_card_ports(jack_client_t* client, int card_number, const std::string& card_id);

}  // namespace headamp::jack
