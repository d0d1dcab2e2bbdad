// Fuzz target: a saved device profile (JSON, as DeviceStore::load reads it), patched into a graph the
// way DeviceManager::patch_in does when the device is plugged in.
#include "fuzz_target.hpp"

#include <exception>
#include <string>

#include "core/graph.hpp"
#include "devices/device_patch.hpp"
#include "devices/device_store.hpp"
#include "graph_checks.hpp"

using namespace headamp;

namespace {

// A graph that already has a source from the config file and a mix without an output, and a device
// with four capture and four playback channels.
devices::Patch existing_patch() {
    devices::Patch patch;
    core::Source vox;
    vox.name = "vox";
    vox.channels = {0, -1};
    patch.graph.sources.push_back(vox);
    patch.bindings.sources["vox"] = {"system:capture_1"};
    core::Mix cue;
    cue.name = "cue";
    cue.slot = 0;
    patch.graph.mixes.push_back(cue);
    return patch;
}

devices::DevicePorts device_ports() {
    devices::DevicePorts ports;
    ports.label = "USB";
    for (int ch = 1; ch <= 4; ++ch) {
        ports.capture.push_back("USB-in:capture_" + std::to_string(ch));
        ports.playback.push_back("USB-out:playback_" + std::to_string(ch));
    }
    return ports;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    devices::DeviceProfile profile;
    try {
        profile = devices::profile_from_json(text);
    } catch (const std::exception&) {
        return 0;  // DeviceStore::load logs it and the device gets the defaults
    }
    // What is read is what is written back.
    FUZZ_CHECK(devices::profile_from_json(devices::profile_to_json(profile)) == profile,
               "the profile changed on its way through a save: " + devices::profile_to_json(profile));

    const devices::DevicePorts device = device_ports();
    const devices::Patch before = existing_patch();
    devices::Patch patch = before;
    devices::add_device(patch, device, profile);
    if (core::validate(patch.graph)) {
        // A profile that does not fit: the manager patches the device with the defaults instead.
        patch = before;
        devices::add_device(patch, device, std::nullopt);
        FUZZ_CHECK(!core::validate(patch.graph), *core::validate(patch.graph));
    }
    fuzz::check_graph_compiles(patch.graph);
    for (const core::Source& source : patch.graph.sources)
        FUZZ_CHECK(patch.bindings.sources.count(source.name), "source '" + source.name + "' has no ports");

    // What is saved on unplug reads back.
    const devices::DeviceProfile saved = devices::extract_profile(patch, device);
    FUZZ_CHECK(devices::profile_from_json(devices::profile_to_json(saved)) == saved, "the extracted profile changed");
    return 0;
}
