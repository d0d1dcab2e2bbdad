// Which libjack headampd runs on where both JACK2's and PipeWire's are installed. A plain `headampd`
// (the systemd user unit's) loads the system's libjack, JACK2's on Debian and Ubuntu, which sees nothing
// of a PipeWire desktop; there headampd starts itself again with PipeWire's libjack first in the library
// path, as pw-jack does. A JACK2 server that answers keeps JACK2's.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace headamp::jack {

struct LibjackSituation {
    bool pipewire_libjack = false;         // the libjack loaded is PipeWire's already
    std::string choice;                    // $HEADAMP_LIBJACK: "" (decide), "system" (never switch),
                                           // "pipewire" (switched once already: never again)
    bool pipewire_running = false;         // this user's PipeWire socket is there
    bool pipewire_jack_installed = false;  // PipeWire's libjack directory has a libjack.so.0
};

// Whether to start again on PipeWire's libjack. `jack2_server_answers` is asked last, only when
// everything else says yes (it opens a client).
bool switch_to_pipewire_libjack(const LibjackSituation& situation, const std::function<bool()>& jack2_server_answers);

// LD_LIBRARY_PATH with `dir` first: "dir", or "dir:<current>".
std::string library_path_with(std::string_view dir, const char* current);

// Whether a JACK server answers on this libjack (`server`, or the default one), without starting one.
bool jack_server_answers(const std::optional<std::string>& server);

}  // namespace headamp::jack
