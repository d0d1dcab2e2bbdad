// Which JACK clients are NetJACK2 stations: in the main server a station is a client named as the
// station (`jackd -d net -n NAME`) whose ports are all `NAME:to_slave_N` (inputs: what main sends
// it, its phones) and `NAME:from_slave_N` (outputs: what it sends back, its capture channels).
// Pure: it reads port names, the session lists them.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace headamp::jack {

struct StationPorts {
    std::string name;                     // the client name: the station's identity
    std::vector<std::string> to_slave;    // full port names, to_slave_1, to_slave_2, ...
    std::vector<std::string> from_slave;  // full port names, from_slave_1, ...
};

struct StationScan {
    std::vector<StationPorts> stations;  // by name
    // One line per client that has NetJACK2's port names but not a station's layout or name; it is
    // left alone (not a device), and the line says why.
    std::vector<std::string> refused;
};

// A station's name becomes part of source, mix and JACK port names: letters, digits, '-', '_' and
// '.', at most kMaxStationName characters.
constexpr std::size_t kMaxStationName = 48;
bool valid_station_name(const std::string& name);

// The station a proxy client is, by its name. JACK2 opens a client whose name is taken as NAME-NN
// (01, 02, ...): a station that rejoins while its old proxy lingers (NetJACK2 waits 2 s for a pulled
// one) comes back as `st1-01`. So NAME-NN is NAME when a client NAME is in the graph as it joins (JACK2
// renamed it), and itself otherwise. `clients`: the names of the graph's clients at that moment.
std::string station_identity(const std::string& client, const std::set<std::string>& clients);

// Whether a port (full name) is a station's return channel, a NetJACK2 proxy's `from_slave_N`.
// headamp reads those through a return tap, never with its main client (jack/return_tap.hpp says why).
bool is_station_return(const std::string& port);

// The client part of a full port name ("st1" of "st1:from_slave_1"); "" when it has none.
std::string client_of(const std::string& port);

// The names of the clients that own `ports` (full port names).
std::set<std::string> client_names(const std::vector<std::string>& ports);

// inputs and outputs: full names of the audio ports in the graph (JackClient::ports).
StationScan find_stations(const std::vector<std::string>& inputs, const std::vector<std::string>& outputs);

}  // namespace headamp::jack
