// Which JACK ports carry a card's channels: one interface, one implementation per audio stack (JACK2's
// ALSA port aliases in alsa_alias_finder.hpp; PipeWire's node properties would be another).
#pragma once

#include <string>
#include <vector>

namespace headamp::jack {

class JackClient;

struct CardPorts {
    std::vector<std::string> capture;  // full port names in channel order
    std::vector<std::string> playback;
    bool empty() const { return capture.empty() && playback.empty(); }
};

class CardPortFinder {
public:
    virtual ~CardPortFinder() = default;
    // The ports of card `card_number` (ALSA id `card_id`) as `client` sees the graph now. A direction is
    // empty unless every one of its channels, from the first up, has a port.
    virtual CardPorts find(const JackClient& client, int card_number, const std::string& card_id) const = 0;
};

}  // namespace headamp::jack
