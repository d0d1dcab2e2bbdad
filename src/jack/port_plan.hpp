// Which JACK ports headamp should own and what they should be connected to, derived from the graph.
#pragma once

#include <array>
#include <map>
#include <string>
#include <vector>

#include "core/graph.hpp"

namespace headamp::jack {

// Where sources come from and where mixes go, in JACK port names ("system:capture_1").
struct PortBindings {
    std::map<std::string, std::vector<std::string>> sources;  // source name -> one external port per channel
    std::map<std::string, std::array<std::string, 2>> mixes;  // mix name -> external ports for L and R
    bool operator==(const PortBindings&) const = default;
};

struct PortLink {
    bool input;            // true: external -> our input port; false: our output port -> external
    int index;             // channel slot (input) or 2 * mix slot + side (output)
    std::string external;  // full name of the other port
    bool operator==(const PortLink&) const = default;
};

struct PortPlan {
    std::array<std::string, core::kMaxChannels> inputs;    // short port name per channel slot; "" = none
    std::array<std::string, 2 * core::kMaxMixes> outputs;  // short port name per mix side; "" = none
    std::vector<PortLink> links;
};

// Mono source "vox" -> input port "vox"; stereo "keys" -> "keys_L", "keys_R"; mix "cue" -> "cue_L", "cue_R".
PortPlan plan_ports(const core::Graph& graph, const PortBindings& bindings);

}  // namespace headamp::jack
