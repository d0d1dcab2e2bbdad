// Card ports by PipeWire serial (see serial_port_finder.hpp).
#include "jack/serial_port_finder.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "jack/jack_client.hpp"

namespace headamp::jack {

namespace {

// The JACK port's short name is PipeWire's port.name, with "-<digits>" added by pipewire-jack 0.3.65
// when another port of the same client already has that name (two identical cards: "capture_AUX0-60").
bool same_port(const std::string& jack_short, const std::string& pipewire_name) {
    if (jack_short.compare(0, pipewire_name.size(), pipewire_name) != 0) return false;
    const std::string rest = jack_short.substr(pipewire_name.size());
    if (rest.empty()) return true;
    return rest.size() > 1 && rest[0] == '-' &&
           std::all_of(rest.begin() + 1, rest.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

CardPorts SerialPortFinder::find(const JackClient& client, int card_number, const std::string&) const {
    const CardSerials serials = lookup_(card_number);
    if (serials.capture.empty() && serials.playback.empty()) return {};
    std::map<std::uint64_t, std::string> by_index;
    for (const std::string& port : client.ports(PortDirection::Any))
        if (const auto index = client.port_index(port)) by_index.emplace(*index, port);
    const auto names = [&](const std::vector<SerialPort>& wanted) {
        std::vector<std::string> out;
        for (const SerialPort& port : wanted) {
            const auto it = by_index.find(port.serial);
            if (it == by_index.end()) return std::vector<std::string>{};
            const std::string& name = it->second;
            if (!same_port(name.substr(name.find(':') + 1), port.short_name)) return std::vector<std::string>{};
            out.push_back(name);
        }
        return out;
    };
    return {names(serials.capture), names(serials.playback)};
}

}  // namespace headamp::jack
