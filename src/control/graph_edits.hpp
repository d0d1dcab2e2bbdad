// The edits the control side makes to the state: linking and unlinking sources, adding and removing
// mixes, level steps. Pure functions on a copy of the state; the caller publishes the result.
#pragma once

#include <array>
#include <optional>
#include <string>

#include "control/state_json.hpp"

namespace headamp::control {

// Links mono source `index` with the mono source on the next channel slot into one stereo source that
// keeps the first one's name, bindings and send levels. Throws RequestError.
void link_source(State& state, std::size_t index);

// Splits stereo source `index` into two mono sources (the right one named after the left, next
// number or "_R"), both centred, with the pair's send levels. Throws RequestError.
void unlink_source(State& state, std::size_t index);

// A free mix slot for a new mix named `name` (checked with check_new_name). Throws RequestError.
void add_mix(State& state, const std::string& name, const std::optional<std::array<std::string, 2>>& output);
void remove_mix(State& state, std::size_t index);

// Names become JACK port names and command arguments: 1..32 printable characters, no ':' ',' or
// space, not all digits (numbers address by position). Throws RequestError.
void check_new_name(const std::string& name, const char* what);

// current + step, clamped to [core::kFaderFloorDb, max]; stepping down past the floor is off, stepping up
// from off starts at the floor.
double step_level(double current_db, double step_db, double max_db);

}  // namespace headamp::control
