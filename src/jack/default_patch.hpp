// The patch headamp makes when the user has configured nothing: physical inputs in, mix 1 to the phones.
#pragma once

#include <string>
#include <vector>

#include "core/graph.hpp"
#include "jack/port_plan.hpp"

namespace headamp::jack {

// Adds one mono source per physical capture port ("in1", "in2", ...) when the graph has no sources,
// a mix "mix1" when it has no mixes, and binds the first mix without outputs to the first two
// physical playback ports. Leaves everything the user configured alone.
void apply_default_patch(core::Graph& graph, PortBindings& bindings, const std::vector<std::string>& capture,
                         const std::vector<std::string>& playback);

}  // namespace headamp::jack
