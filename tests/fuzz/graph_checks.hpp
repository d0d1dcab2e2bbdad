// The property every parser of a graph must give the engine: a graph it accepts (and core::validate
// passes) compiles to finite gains and stable filters at any common sample rate.
#pragma once

#include "core/graph.hpp"

namespace headamp::fuzz {

// Aborts (a finding) when a valid graph compiles to a non-finite gain or an unstable EQ band.
void check_graph_compiles(const core::Graph& graph);

}  // namespace headamp::fuzz
