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
//  "direct_monitor"}, and under PipeWire "pipewire": {"nodes", "description", "profile", "quantum",
//  "hardware_volume": "pipewire" | "headamp"}
void to_json(nlohmann::json& j, const PipeWireRecord& pipewire);
void from_json(const nlohmann::json& j, PipeWireRecord& pipewire);
void to_json(nlohmann::json& j, const DeviceRecord& device);
void from_json(const nlohmann::json& j, DeviceRecord& device);

// {"name", "index", "kind", "category", "channels", "writable", "values", "value"}; volumes add "min",
// "max" and, with a dB scale, "db" (null: muted), "db_min", "db_max"; enumerations add "items".
void to_json(nlohmann::json& j, const ControlRecord& control);
void from_json(const nlohmann::json& j, ControlRecord& control);

// The graph's view: what state_json.cpp's state_to_json writes, read back for headamp(1) (the daemon's
// snapshots go through state_from_json, strict). A source: {"number", "name", "stereo", "channels",
// "ports", "trim_db", "invert"}; a send: {"source", "level_db", "pan", "mute", "solo"}; an EQ band:
// {"freq_hz", "gain_db", "q"}; the EQ: {"enabled", "low", "mid", "high"}; a mix: {"number", "name",
// "slot", "master_db", "mute", "mono", "pan_law", "limiter_ceiling_db", "eq", "output": [2] | null,
// "ports", "sends"}. The graph: {"sources", "mixes"}, both required.
void to_json(nlohmann::json& j, const SourceRecord& source);
void from_json(const nlohmann::json& j, SourceRecord& source);
void to_json(nlohmann::json& j, const SendRecord& send);
void from_json(const nlohmann::json& j, SendRecord& send);
void to_json(nlohmann::json& j, const EqBandRecord& band);
void from_json(const nlohmann::json& j, EqBandRecord& band);
void to_json(nlohmann::json& j, const EqRecord& eq);
void from_json(const nlohmann::json& j, EqRecord& eq);
void to_json(nlohmann::json& j, const MixRecord& mix);
void from_json(const nlohmann::json& j, MixRecord& mix);
void to_json(nlohmann::json& j, const GraphRecord& graph);
void from_json(const nlohmann::json& j, GraphRecord& graph);

// A meter: {"name", "peak_db", "rms_db"}; the meters event: {"event": "meters", "sources", "mixes"}.
void to_json(nlohmann::json& j, const MeterRecord& meter);
void from_json(const nlohmann::json& j, MeterRecord& meter);
void to_json(nlohmann::json& j, const MetersRecord& meters);
void from_json(const nlohmann::json& j, MetersRecord& meters);

// {"connected", "xruns", "server": name | null}; while a client: "client", "sample_rate", "buffer_size".
void to_json(nlohmann::json& j, const JackRecord& jack);
void from_json(const nlohmann::json& j, JackRecord& jack);

// Reading is lenient about what is missing (a field a newer daemon dropped, or a test's short object):
// it keeps the record's default; a field of the wrong type throws nlohmann::json::exception.

}  // namespace headamp::control
