// Where the control socket, the state dir and the snapshots live: XDG directories with the documented fallbacks.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace headamp::control {

// --socket PATH if given, else $HEADAMP_SOCKET, else $XDG_RUNTIME_DIR/headamp/control, else
// /tmp/headamp-$UID/control.
std::filesystem::path socket_path(const std::optional<std::string>& override_path);

// $XDG_STATE_HOME/headamp, else $HOME/.local/state/headamp (passwd home when HOME is unset).
std::filesystem::path state_dir();

// $XDG_STATE_HOME/headamp/snapshots, else $HOME/.local/state/headamp/snapshots (passwd home when
// HOME is unset).
std::filesystem::path snapshot_dir();

}  // namespace headamp::control
