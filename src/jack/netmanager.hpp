// NetJACK2's netmanager in the main server: stations (`jackd -d net`) join the graph through it.
// headampd loads it into a server it started; on another server it only says how.
#pragma once

#include <string>

#include "jack/jack_client.hpp"

namespace headamp::jack {

enum class NetmanagerLoad { Loaded, AlreadyThere, Failed };

// The internal client's name and the command that loads it by hand (for the log).
inline constexpr const char* kNetmanager = "netmanager";
std::string netmanager_load_command(const std::string& server);

// Is netmanager loaded in the server `client` is on? If not, loads it with NetJACK2's defaults
// (multicast 225.3.19.154, UDP port 19000), as `jack_load netmanager` does. Logs what it did.
NetmanagerLoad ensure_netmanager(JackClient& client);

// Whether netmanager is loaded in the server `client` is on.
bool netmanager_loaded(JackClient& client);

}  // namespace headamp::jack
