// Which profile PipeWire has a card on, and who drives the card's hardware output volume there: in Pro
// Audio nobody (headamp may, as on JACK2), in a desktop profile PipeWire's ACP (its sink volume is split
// between the card's PCM volume and software), so headamp must leave it alone. Pure, from node properties.
#pragma once

#include <string>
#include <vector>

namespace headamp::pipewire {

// One of a card's nodes as PipeWire describes it.
struct CardNode {
    std::string name;         // node.name
    std::string description;  // node.description: the JACK client name of its ports
    std::string mapping;      // device.profile.name: "pro-output-0", "analog-stereo", ... ("" if not ACP's)
    bool sink = false;        // Audio/Sink (playback); otherwise a source (capture)
    bool soft_mixer = false;  // api.alsa.soft-mixer: PipeWire's volume is software only
};

struct CardProfile {
    std::vector<std::string> nodes;  // node.name of each node, in card order
    std::string description;         // the first node's description
    // "pro-audio", a desktop profile named as WirePlumber names it ("output:analog-stereo+input:mono-fallback"),
    // or "" when no node says (nodes not made by ALSA's ACP).
    std::string profile;
    // PipeWire sets the card's hardware output volume: a sink on a desktop mapping without soft-mixer.
    bool pipewire_drives_volume = false;
};

// Nothing known of a card without nodes: an empty profile.
CardProfile card_profile(const std::vector<CardNode>& nodes);

}  // namespace headamp::pipewire
