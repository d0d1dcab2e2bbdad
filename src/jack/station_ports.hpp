// Which JACK clients are NetJACK2 stations: in the main server a station is a client named as the
// station (`jackd -d net -n NAME`) whose ports are all `NAME:to_slave_N` (inputs: what main sends
// it, its phones) and `NAME:from_slave_N` (outputs: what it sends back, its capture channels).
// Pure: it reads port names, the session lists them.
#pragma once

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

// inputs and outputs: full names of the audio ports in the graph (JackClient::ports).
StationScan find_stations(const std::vector<std::string>& inputs, const std::vector<std::string>& outputs);

}  // namespace headamp::jack
