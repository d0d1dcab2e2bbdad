// Patching a device into the graph and out again, and reading back what the user made of it: pure logic.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/graph.hpp"
#include "devices/device_profile.hpp"
#include "jack/port_plan.hpp"

namespace headamp::devices {

// A device as the graph sees it: the JACK ports that carry its channels, whoever provides them
// (JACK's own ALSA driver or a bridge).
struct DevicePorts {
    std::string label;                  // short name for generated source and mix names, e.g. the card id
    std::vector<std::string> capture;   // full JACK port names, one per capture channel, in channel order
    std::vector<std::string> playback;  // full JACK port names, one per playback channel, in channel order
};

struct Patch {
    core::Graph graph;
    jack::PortBindings bindings;
};

// What add_device() did, so that remove_device() can undo exactly that.
struct Added {
    std::vector<std::string> sources;        // names of the sources made from the device's channels
    std::vector<std::string> created_mixes;  // mixes that did not exist before and go with the device
};

// Adds the device's sources and routes a mix to its outputs. With a profile: its sources (by device
// channel), its outputs (mix by name, created when missing) and its sends; channels the profile does
// not cover become default sources. Without: every capture channel a mono centred source named
// "<label>-in<N>", and the first mix without an output (a new mix "<label>-mix" when there is none)
// routed to the first playback pair. Names already taken get a "-2", "-3"... suffix. Channels that
// already feed a source, and playback pairs a mix already plays on, are left as they are.
Added add_device(Patch& patch, const DevicePorts& device, const std::optional<DeviceProfile>& profile);

// Takes the device out: every source fed only by its capture ports (and their sends in every mix),
// its outputs' bindings, and the mixes in `created_mixes` that played on it. Sources and mixes named
// in `keep` (the user's own, from headamp.conf) are left as they are.
void remove_device(Patch& patch, const DevicePorts& device, const std::vector<std::string>& created_mixes,
                   const std::set<std::string>& keep = {});

// What the user made of the device in the current patch, to be saved under its identity.
DeviceProfile extract_profile(const Patch& patch, const DevicePorts& device);

// `now` (extract_profile of a device that shows fewer channels than before, e.g. on a PipeWire profile
// with fewer) with what `before` kept of the channels it does not show: the sources all of whose
// channels are beyond `device`'s capture ports, with their sends, and the mixes on playback pairs beyond
// its playback ports. They come back with those channels.
DeviceProfile keep_unseen(DeviceProfile now, const DeviceProfile& before, const DevicePorts& device);

}  // namespace headamp::devices
