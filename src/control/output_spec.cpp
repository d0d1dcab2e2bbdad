// Output specs (see output_spec.hpp).
#include "control/output_spec.hpp"

#include <algorithm>
#include <cctype>

#include "control/request.hpp"

namespace headamp::control {

namespace {
constexpr const char* kForms =
    "; write DEVICE:CH1,CH2 (e.g. system:1,2) or two JACK ports (e.g. system:playback_1,system:playback_2)";

bool all_digits(const std::string& s) {
    return !s.empty() && s.size() < 5 &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}
}  // namespace

OutputSpec parse_output_spec(const std::string& spec) {
    const auto comma = spec.find(',');
    if (comma == std::string::npos || spec.find(',', comma + 1) != std::string::npos)
        throw RequestError("output " + quote(spec) + " must name two channels separated by one comma" + kForms);
    const std::string first = spec.substr(0, comma);
    const std::string second = spec.substr(comma + 1);
    const auto colon = first.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == first.size())
        throw RequestError("output " + quote(spec) + " does not start with DEVICE:CHANNEL or client:port" + kForms);
    OutputSpec out;
    // The device form splits at the last colon: a device's identity has colons of its own ("1235:8211:…").
    const auto last = first.rfind(':');
    const std::string head = first.substr(0, last);
    const std::string ch1 = first.substr(last + 1);
    if (all_digits(ch1) && all_digits(second)) {
        out.device = head;
        out.channels = {std::stoi(ch1), std::stoi(second)};
        if (out.channels[0] < 1 || out.channels[1] < 1)
            throw RequestError("output " + quote(spec) + ": channel numbers start at 1");
        return out;
    }
    if (second.find(':') == std::string::npos || second.front() == ':' || second.back() == ':')
        throw RequestError("output " + quote(spec) + ": the second port must be a full JACK port name" + kForms);
    out.ports = {first, second};
    return out;
}

std::array<std::string, 2> resolve_output(const OutputSpec& spec, const DevicePorts& device_ports) {
    if (spec.device.empty()) return spec.ports;
    const auto ports = device_ports ? device_ports(spec.device) : std::nullopt;
    if (!ports || ports->empty())
        throw RequestError("there is no device " + quote(spec.device) + " with playback channels" + kForms);
    std::array<std::string, 2> out;
    for (int side = 0; side < 2; ++side) {
        const int ch = spec.channels[static_cast<std::size_t>(side)];
        if (static_cast<std::size_t>(ch) > ports->size())
            throw RequestError("device " + quote(spec.device) + " has playback channels 1.." +
                               std::to_string(ports->size()) + ", not " + std::to_string(ch));
        out[static_cast<std::size_t>(side)] = (*ports)[static_cast<std::size_t>(ch - 1)];
    }
    return out;
}

}  // namespace headamp::control
