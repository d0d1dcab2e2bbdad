// A device as the control socket shows it (status, devices, device events): one JSON object.
#pragma once

#include <nlohmann/json.hpp>

#include "devices/device_manager.hpp"

namespace headamp::devices {

// {"identity", "manufacturer", "product", "vendor_id", "product_id", "serial", "port_path", "card",
//  "card_id", "label", "capture_channels", "playback_channels", "graph": "jack" | "bridged",
//  "patched", "capture_ports", "playback_ports", "sources", "outputs"}
nlohmann::json device_to_json(const DeviceChange& device);

}  // namespace headamp::devices
