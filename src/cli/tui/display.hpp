// Drawing the mixer screen from the model; nothing here changes state or talks to the daemon.
#pragma once

#include "cli/tui/model.hpp"

namespace headamp::cli::tui {

inline constexpr int kMinColumns = 40;
inline constexpr int kMinLines = 12;

void init_colors();
void draw(const Model& model);         // the whole screen
void draw_meters(const Model& model);  // only the meters (cheap, at the meter rate)

}  // namespace headamp::cli::tui
