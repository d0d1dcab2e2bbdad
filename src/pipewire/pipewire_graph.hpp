// headamp's own connection to PipeWire (libpipewire-0.3), apart from libjack's: a registry listener on
// a pw_loop of its own, whose fd the daemon's MainLoop polls (no thread of headamp's), filling a
// GraphModel with the audio devices, nodes and ports and their properties; and the one thing headamp
// asks of a device: its profile.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "pipewire/graph_model.hpp"

namespace headamp::pipewire {

class PipeWireGraph {
public:
    PipeWireGraph();  // the loop only: connect() joins PipeWire
    ~PipeWireGraph();
    PipeWireGraph(const PipeWireGraph&) = delete;
    PipeWireGraph& operator=(const PipeWireGraph&) = delete;

    // Connects to the PipeWire of this session ($PIPEWIRE_REMOTE, $XDG_RUNTIME_DIR); false when none answers.
    bool connect();
    bool connected() const;
    // Poll for reading while connected(), then dispatch(): runs what is ready. A PipeWire that went away
    // leaves connected() false and the model empty afterwards.
    int fd() const;
    void dispatch();

    const GraphModel& model() const;

    // A device's properties arrived (its id, and them), and anything in the model changed.
    std::function<void(std::uint32_t device, const Properties& props)> on_device;
    std::function<void()> on_change;
    // A device's active profile: when it is first known and at every change, whoever made it.
    std::function<void(std::uint32_t device, const std::string& profile)> on_profile;

    // Switches a device to the profile named `name` (e.g. "pro-audio") through its Profile parameter,
    // saved so that the session manager keeps it. Its profiles are asked for first; `then` is called
    // from a later dispatch(): true when the device is on that profile (already, or now), false, with
    // nothing changed, when it has no such profile or went away.
    void set_profile(std::uint32_t device, const std::string& name, std::function<void(bool done)> then);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace headamp::pipewire
