// What headampd takes from its environment besides the command line: bridge commands and the ALSA
// configuration its cards' controls are opened with (both exist for the tests and for unusual setups).
#pragma once

#include <optional>
#include <string>

#include "jack/bridge.hpp"

namespace headamp::daemon {

// $HEADAMP_BRIDGE_CAPTURE / $HEADAMP_BRIDGE_PLAYBACK: the command (words split on spaces) started in
// place of zita-a2j / zita-j2a. Unset or empty: the default stays.
void apply_bridge_environment(jack::BridgeSettings& bridges);

// $HEADAMP_ALSA_CONFIG: a file of ALSA configuration in which the cards' controls ("hw:N") are looked
// up instead of the system's (the tests define ctl.hw there as a recorded card). Unset: nothing.
// Throws std::runtime_error when the variable names a file that cannot be read.
std::optional<std::string> alsa_config_from_environment();

// $HEADAMP_DEVICE_FEED: the path of a FIFO through which devices are plugged and unplugged besides udev
// (hotplug/device_feed.hpp; tests use it). Unset: nothing.
std::optional<std::string> device_feed_from_environment();

// The socket of a PipeWire running for this user ($PIPEWIRE_RUNTIME_DIR or $XDG_RUNTIME_DIR, and
// $PIPEWIRE_REMOTE or "pipewire-0"), when there is one: under JACK2's libjack headampd then starts no
// jackd, which would fight PipeWire for the cards. Nothing when there is none.
std::optional<std::string> pipewire_socket_from_environment();

}  // namespace headamp::daemon
