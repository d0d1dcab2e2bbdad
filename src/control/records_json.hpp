// The one place where device and control records (records.hpp) become the control socket's JSON, and
// where the CLI reads them back; next to state_json, which does the same for the graph.
#pragma once

#include <nlohmann/json.hpp>

#include "control/records.hpp"

namespace headamp::control {

// {"name", "state", "restarts", "sync_losses", "ratio"}
void to_json(nlohmann::json& j, const BridgeRecord& bridge);
void from_json(const nlohmann::json& j, BridgeRecord& bridge);

// {"identity", "manufacturer", "product", "vendor_id", "product_id", "serial", "port_path", "card",
//  "card_id", "label", "capture_channels", "playback_channels", "graph": "jack" | "bridged", "patched",
//  "capture_ports", "playback_ports", "sources", "outputs", "bridges", "controls": N | null,
//  "direct_monitor"}
void to_json(nlohmann::json& j, const DeviceRecord& device);
void from_json(const nlohmann::json& j, DeviceRecord& device);

// {"name", "index", "kind", "category", "channels", "writable", "values", "value"}; volumes add "min",
// "max" and, with a dB scale, "db" (null: muted), "db_min", "db_max"; enumerations add "items".
void to_json(nlohmann::json& j, const ControlRecord& control);
void from_json(const nlohmann::json& j, ControlRecord& control);

// Reading is lenient about what is missing (a field a newer daemon dropped, or a test's short object):
// it keeps the record's default; a field of the wrong type throws nlohmann::json::exception.

}  // namespace headamp::control
