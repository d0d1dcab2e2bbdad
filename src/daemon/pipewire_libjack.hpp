// headampd started on JACK2's libjack on a PipeWire desktop (the systemd user unit runs plain headampd,
// and Debian's and Ubuntu's system libjack is JACK2's): it starts again, as the same process, on
// PipeWire's libjack, the way pw-jack would have started it (jack/libjack_choice.hpp decides when).
#pragma once

#include <optional>
#include <string>

namespace headamp::daemon {

// Replaces this process by headampd on PipeWire's libjack ($LD_LIBRARY_PATH with PipeWire's libjack
// directory first, $HEADAMP_LIBJACK=pipewire so that it happens once) when libjack is JACK2's, this
// user's PipeWire runs, PipeWire's libjack is installed, no JACK server answers (`server`, or the
// default one) and $HEADAMP_LIBJACK is not "system". Returns when it does not (also when exec fails:
// said in the log, and headampd stays on JACK2's libjack).
void start_again_on_pipewire_libjack(char** argv, const std::optional<std::string>& server);

}  // namespace headamp::daemon
