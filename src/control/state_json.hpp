// The daemon's state (graph + port bindings) as JSON: what status answers and events carry, and what a
// snapshot file holds. One format both ways, so a snapshot is exactly what `status` showed.
#pragma once

#include <nlohmann/json.hpp>

#include "core/graph.hpp"
#include "jack/port_plan.hpp"

namespace headamp::control {

struct State {
    core::Graph graph;
    jack::PortBindings bindings;
};

// {"sources": [...], "mixes": [...]}; levels at or below silence are written as kSilenceDb.
nlohmann::json state_to_json(const core::Graph& graph, const jack::PortBindings& bindings);

nlohmann::json eq_to_json(const core::Eq& eq);

// The inverse, for snapshots. Throws RequestError naming the offending entry; the result is not yet
// checked with core::validate.
State state_from_json(const nlohmann::json& json);

}  // namespace headamp::control
