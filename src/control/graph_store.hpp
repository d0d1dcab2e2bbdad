// The daemon's state as the control room reads and changes it, and what it says about JACK.
// SessionGraphStore is the real one (the JackSession); the request handler's tests use a fake.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/graph.hpp"
#include "jack/port_plan.hpp"

namespace headamp::control {

struct JackInfo {
    bool connected = false;
    std::uint64_t xruns = 0;
    // While connected: the client's name, the sample rate and the buffer size.
    std::optional<std::string> client;
    std::uint32_t sample_rate = 0;
    std::uint32_t buffer_size = 0;
    // Whose libjack: "jack2" or "pipewire", and that stack's version.
    std::string stack = "jack2";
    std::string stack_version;
};

class GraphStore {
public:
    virtual ~GraphStore() = default;
    virtual const core::Graph& graph() const = 0;
    virtual const jack::PortBindings& bindings() const = 0;
    // Changes the graph (validated; on error nothing changes and the error is returned).
    virtual std::optional<std::string> set_graph(const core::Graph& graph) = 0;
    virtual void set_bindings(const jack::PortBindings& bindings) = 0;
    virtual JackInfo jack() const = 0;
    // The input ports of a JACK client (e.g. "system"): where a mix could play. Empty: no such client,
    // or not connected.
    virtual std::vector<std::string> playback_ports(const std::string& client) const = 0;
};

}  // namespace headamp::control
