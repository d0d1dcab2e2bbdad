// Devices to JSON (see device_json.hpp).
#include "devices/device_json.hpp"

namespace headamp::devices {

nlohmann::json device_to_json(const DeviceChange& c) {
    const hotplug::Device& d = c.device;
    nlohmann::json bridges = nlohmann::json::array();
    for (const jack::BridgeStatus& b : c.bridges)
        bridges.push_back({{"name", b.name},
                           {"state", jack::to_string(b.state)},
                           {"restarts", b.restarts},
                           {"sync_losses", b.sync_losses},
                           {"ratio", b.ratio}});
    return {{"identity", d.identity()},
            {"manufacturer", d.manufacturer},
            {"product", d.product},
            {"vendor_id", d.vendor_id},
            {"product_id", d.product_id},
            {"serial", d.serial},
            {"port_path", d.port_path},
            {"card", d.card_number},
            {"card_id", d.card_id},
            {"label", c.ports.label},
            {"capture_channels", d.capture_channels},
            {"playback_channels", d.playback_channels},
            // JACK's own device (its system ports) or brought in through zita bridges
            {"graph", c.bridged ? "bridged" : "jack"},
            {"patched", c.patched},
            {"capture_ports", c.ports.capture},
            {"playback_ports", c.ports.playback},
            {"sources", c.sources},
            {"outputs", c.outputs},
            // each zita bridge: "running" while it moves audio; restarted when it loses sync or stalls
            {"bridges", bridges}};
}

}  // namespace headamp::devices
