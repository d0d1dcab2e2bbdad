// Drawing the hardware controls view (alsamixer's look): a column per ALSA control, faders for volumes,
// boxes for switches, the item for enumerations; nothing here changes state or talks to the daemon.
#pragma once

#include "cli/tui/hardware_view.hpp"

namespace headamp::cli::tui {

// Below the title line, which the caller has drawn.
void draw_hardware(const HardwareControls& hw);

}  // namespace headamp::cli::tui
