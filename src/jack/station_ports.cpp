// Finding NetJACK2 stations among the graph's ports (see station_ports.hpp).
#include "jack/station_ports.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

namespace headamp::jack {

namespace {

constexpr std::string_view kToSlave = "to_slave_";
constexpr std::string_view kFromSlave = "from_slave_";

struct ClientPorts {
    std::map<int, std::string> to_slave, from_slave;  // by channel number
    std::vector<std::string> other;                   // anything else: not a station's layout
    bool netjack = false;                             // has a to_slave_/from_slave_ port name
};

// N of "<prefix>N" (N >= 1, digits only, no leading zero), or 0.
int channel_of(std::string_view short_name, std::string_view prefix) {
    if (short_name.substr(0, prefix.size()) != prefix) return 0;
    const std::string_view digits = short_name.substr(prefix.size());
    if (digits.empty() || digits.size() > 3 || digits[0] == '0') return 0;
    int n = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return 0;
        n = n * 10 + (c - '0');
    }
    return n;
}

void sort_in(std::map<std::string, ClientPorts>& clients, const std::string& port, bool input) {
    const std::size_t colon = port.find(':');
    if (colon == std::string::npos) return;
    ClientPorts& client = clients[port.substr(0, colon)];
    const std::string_view short_name = std::string_view(port).substr(colon + 1);
    const int to = input ? channel_of(short_name, kToSlave) : 0;
    const int from = input ? 0 : channel_of(short_name, kFromSlave);
    if (short_name.substr(0, kToSlave.size()) == kToSlave || short_name.substr(0, kFromSlave.size()) == kFromSlave)
        client.netjack = true;
    if (to > 0)
        client.to_slave[to] = port;
    else if (from > 0)
        client.from_slave[from] = port;
    else
        client.other.push_back(port);
}

// Channels 1..n with none missing.
bool numbered_from_one(const std::map<int, std::string>& channels) {
    int expected = 1;
    for (const auto& [n, port] : channels)
        if (n != expected++) return false;
    return true;
}

std::vector<std::string> in_order(const std::map<int, std::string>& channels) {
    std::vector<std::string> ports;
    for (const auto& [n, port] : channels) ports.push_back(port);
    return ports;
}

// Why a NetJACK2-looking client is not a station, or nothing when it is one.
std::optional<std::string> refusal(const std::string& name, const ClientPorts& client) {
    if (!client.other.empty())
        return "has ports that are not to_slave_N inputs or from_slave_N outputs (" + client.other.front() + ")";
    if (!numbered_from_one(client.to_slave) || !numbered_from_one(client.from_slave))
        return "its to_slave_N/from_slave_N ports are not numbered 1, 2, ... without a gap";
    if (client.to_slave.size() < 2) return "has no to_slave_1/to_slave_2 pair to play a mix on";
    if (!valid_station_name(name))
        return "its name is not a valid station name (letters, digits, '-', '_', '.', at most " +
               std::to_string(kMaxStationName) + ")";
    return std::nullopt;
}

}  // namespace

bool valid_station_name(const std::string& name) {
    if (name.empty() || name.size() > kMaxStationName) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.';
    });
}

std::string station_identity(const std::string& client, const std::set<std::string>& clients) {
    // JACK2's JackEngine::GenerateUniqueName appends -01 .. -99 to a name that is taken.
    const std::size_t n = client.size();
    if (n < 4 || client[n - 3] != '-' || !std::isdigit(static_cast<unsigned char>(client[n - 2])) ||
        !std::isdigit(static_cast<unsigned char>(client[n - 1])))
        return client;
    const std::string base = client.substr(0, n - 3);
    return clients.count(base) ? base : client;
}

bool is_station_return(const std::string& port) {
    const std::size_t colon = port.find(':');
    return colon != std::string::npos && channel_of(std::string_view(port).substr(colon + 1), kFromSlave) > 0;
}

std::string client_of(const std::string& port) {
    const std::size_t colon = port.find(':');
    return colon == std::string::npos ? std::string() : port.substr(0, colon);
}

std::set<std::string> client_names(const std::vector<std::string>& ports) {
    std::set<std::string> names;
    for (const std::string& port : ports)
        if (const std::size_t colon = port.find(':'); colon != std::string::npos) names.insert(port.substr(0, colon));
    return names;
}

StationScan find_stations(const std::vector<std::string>& inputs, const std::vector<std::string>& outputs) {
    std::map<std::string, ClientPorts> clients;
    for (const std::string& port : inputs) sort_in(clients, port, true);
    for (const std::string& port : outputs) sort_in(clients, port, false);
    StationScan scan;
    for (const auto& [name, client] : clients) {
        if (!client.netjack) continue;
        if (auto why = refusal(name, client))
            scan.refused.push_back("JACK client '" + name + "' looks like a NetJACK2 station but " + *why +
                                   "; it is left alone");
        else
            scan.stations.push_back({name, in_order(client.to_slave), in_order(client.from_slave)});
    }
    return scan;
}

}  // namespace headamp::jack
