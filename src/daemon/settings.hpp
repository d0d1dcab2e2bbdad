// What the command line and headamp.conf make of each part's settings: the config loaded, and the
// session's, the bridges', the JACK server's and the device manager's settings taken from them.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>

#include "daemon/options.hpp"
#include "daemon/pipewire_watch.hpp"
#include "devices/device_store.hpp"
#include "jack/bridge.hpp"
#include "jack/jack_session.hpp"
#include "jack/server_command.hpp"
#include "remote/http_server.hpp"
#include "remote/osc_server.hpp"
#include "state/config.hpp"

namespace headamp::daemon {

// The config named on the command line, or the default one if it exists. A config that exists but is
// broken throws state::ConfigError: running with different settings than the user wrote loses work.
state::Config load_config(const Options& options);

jack::SessionOptions session_options(const Options& options, const state::Config& config);
// With the bridge commands of the environment (environment.hpp).
jack::BridgeSettings bridge_settings(const jack::SessionOptions& session, const state::Config& config);
jack::ServerSettings server_settings(const jack::SessionOptions& session, const state::Config& config);

// The OSC server's settings; nothing when [osc] has no port (OSC is off).
std::optional<remote::OscOptions> osc_options(const state::Config& config);

// The phone page's settings; nothing when [remote] has no listen address (the page is off).
std::optional<remote::PageOptions> page_options(const state::Config& config);

// The OSC port to announce on the LAN: the one OSC is bound to (`bound`), unless it listens on
// loopback only, where no surface on the LAN could reach it.
std::optional<int> announced_osc_port(const state::Config& config, std::optional<int> bound);
// The page's port to announce on the LAN (_http._tcp): while it is served, and not on loopback only.
std::optional<int> announced_page_port(const state::Config& config, bool served);

// The names of sources and mixes the user wrote in headamp.conf: a device never replaces them.
std::set<std::string> config_names(const state::Config& config);

// Under PipeWire: [pipewire] quantum as PIPEWIRE_QUANTUM ("N/rate") for headampd's JACK client, said in
// the log; nothing when it is not set (the graph's quantum stays whatever it is).
void apply_pipewire_quantum(const state::Config& config);

// The card port finder of the stack: JACK2's ALSA aliases, or, given headamp's PipeWire connection,
// PipeWire's serials.
std::unique_ptr<const jack::CardPortFinder> card_port_finder(const PipeWireWatch* pipewire);

// Where device profiles are kept; nothing (in memory only, said in the log) without a home directory.
std::optional<devices::DeviceStore> device_store();

}  // namespace headamp::daemon
