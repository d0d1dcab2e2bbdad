// The config file of headampd (headamp.conf(5)): JACK settings, sources, mixes and their JACK ports.
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/graph.hpp"

namespace headamp::state {

struct JackSettings {
    std::optional<std::string> server;  // nothing: $JACK_DEFAULT_SERVER or JACK's default
    bool start_server = true;           // may headamp start a JACK server when none runs
    bool connect_physical = true;       // no [[source]]: every physical capture port becomes a mono source
    // For the server headamp starts (jackd -d alsa -r -p -n).
    int server_rate = 48000;
    int server_period = 256;  // a power of two
    int server_nperiods = 3;
    // For the zita-a2j/zita-j2a bridges of interfaces that are not JACK's own device (-p -n).
    int bridge_period = 256;  // a power of two
    int bridge_nperiods = 2;
};

// [osc]: the OSC server for control surfaces (headamp-osc(7)); off without a port.
struct OscSettings {
    std::optional<int> port;
    std::string listen = "127.0.0.1";  // the address it binds: loopback unless the user opens it
    std::vector<std::string> allow;    // senders besides loopback: addresses or ADDR/PREFIX networks
};

// [remote]: the phone page (HTTP + WebSocket); off without listen.
struct RemoteSettings {
    std::optional<std::string> listen;  // "ADDR:PORT" or "[ADDR6]:PORT", checked when the file is read
    int max_per_address = 8;            // connections (HTTP and WebSocket) one address may hold at once
};

// [pipewire]: what headamp does under PipeWire (pipewire-jack); nothing here matters under JACK2.
struct PipeWireSettings {
    bool pro_audio = true;       // profile = "pro-audio": switch a USB interface to it on arrival; "keep": leave it
    std::optional<int> quantum;  // frames per cycle headamp asks for (PIPEWIRE_QUANTUM); nothing: the graph's
};

// [network]: headphone stations over NetJACK2.
struct NetworkSettings {
    bool stations = false;  // NetJACK2 stations become devices (and netmanager is loaded where headamp may)
};

struct Config {
    JackSettings jack;
    OscSettings osc;
    RemoteSettings remote;
    PipeWireSettings pipewire;
    NetworkSettings network;
    // Sources and mixes in file order; channel slots are given out in that order (a mono source takes one,
    // a stereo source two consecutive ones), mix slots 0, 1, ...
    core::Graph graph;
    std::map<std::string, std::vector<std::string>> source_ports;   // source name -> JACK port per channel (1 or 2)
    std::map<std::string, std::array<std::string, 2>> mix_outputs;  // mix name -> JACK ports for L and R, if named
};

// What is wrong with a config file, as "FILE:LINE:COL: message".
class ConfigError : public std::runtime_error {
public:
    using runtime_error::runtime_error;
};

// Parses the text of a config file; source_name is the file name used in messages. Throws ConfigError.
Config parse_config(std::string_view text, std::string_view source_name);

// Reads and parses a config file. A file that is missing or unreadable is an error too. Throws ConfigError.
Config load_config(const std::filesystem::path& file);

// $XDG_CONFIG_HOME/headamp/headamp.conf, else $HOME/.config/headamp/headamp.conf (the passwd entry's home
// directory when HOME is unset). Throws ConfigError when there is no home directory to be found.
std::filesystem::path default_config_path();

}  // namespace headamp::state
