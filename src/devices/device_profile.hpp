// What headamp remembers about one device between plugs: its sources, where its outputs go, its sends.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/graph.hpp"

namespace headamp::devices {

// A source made of the device's own capture channels, by channel number on the device (0-based), so
// that it means the same thing whatever the card number and the JACK port names are next time.
struct SavedSource {
    std::string name;
    std::vector<int> channels;  // one (mono) or two (a linked stereo pair)
    double trim_db = 0.0;
    bool invert = false;
    bool operator==(const SavedSource&) const = default;
};

// A mix that plays on one of the device's playback pairs, with all its settings (slot excluded).
struct SavedOutput {
    int pair = 0;  // playback channels 2*pair (L) and 2*pair+1 (R)
    core::Mix mix;
    bool operator==(const SavedOutput&) const = default;
};

struct DeviceProfile {
    std::vector<SavedSource> sources;
    std::vector<SavedOutput> outputs;
    // mix name -> source name -> send, for the device's sources in any mix (only sends that were set).
    std::map<std::string, std::map<std::string, core::Send>> sends;
    // The card's controls and the direct-monitor policy, as DeviceControls::saved_state writes them
    // ({"direct_monitor": "off"|"leave", "controls": alsa::save_controls}); null when never read.
    nlohmann::json hardware;
    bool operator==(const DeviceProfile&) const = default;
};

}  // namespace headamp::devices
