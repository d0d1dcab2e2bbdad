// Where a mix goes, as the user writes it: "DEVICE:CH1,CH2" (channel numbers of a device's playback
// ports) or two JACK port names "client:port,client:port".
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace headamp::control {

struct OutputSpec {
    std::string device;                 // set when the spec gives channel numbers
    std::array<int, 2> channels{0, 0};  // 1-based, for `device`
    std::array<std::string, 2> ports;   // set when the spec gives JACK port names
};

// Throws RequestError explaining both forms.
OutputSpec parse_output_spec(const std::string& spec);

// Playback ports of a device, in channel order; nothing when no such device is known. Today a device is
// a JACK client with playback ports (e.g. "system"); the hot-plug work adds USB devices by name.
using DevicePorts = std::function<std::optional<std::vector<std::string>>(const std::string& device)>;

// The two JACK ports the spec names. Throws RequestError.
std::array<std::string, 2> resolve_output(const OutputSpec& spec, const DevicePorts& device_ports);

}  // namespace headamp::control
