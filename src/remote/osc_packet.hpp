// One received OSC datagram taken apart with liblo: the messages in it (a bundle's, in order, its time
// tag ignored: a control surface wants its change now), each with its address and typed arguments.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace headamp::remote {

struct OscArg {
    char type = 0;        // the OSC type tag: 'i', 'f', 'd', 'h', 's', 'S', 'T', 'F', 'N', 'b', ...
    double number = 0.0;  // i, f, d, h; T is 1, F is 0
    std::string text;     // s, S
};

struct OscMessage {
    std::string address;
    std::vector<OscArg> args;
};

struct OscPacket {
    std::vector<OscMessage> messages;
    std::optional<std::string> error;  // set when the datagram is not well-formed OSC; then no message counts
};

inline constexpr std::size_t kMaxOscMessages = 64;  // per datagram: a surface sends a few at a time
inline constexpr int kMaxBundleDepth = 4;           // bundles inside one another

OscPacket parse_osc_packet(const std::uint8_t* data, std::size_t size);

}  // namespace headamp::remote
