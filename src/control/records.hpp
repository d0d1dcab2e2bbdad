// What travels about devices and their hardware controls inside headampd and headamp(1): typed records,
// turned into the socket's JSON (and back) only in records_json.hpp.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace headamp::control {

// One zita bridge of a bridged device, as its health shows it.
struct BridgeRecord {
    std::string name;   // its JACK client name
    std::string state;  // "running", "lost sync", ... (jack::to_string(BridgeState))
    unsigned restarts = 0;
    unsigned sync_losses = 0;
    double ratio = 1.0;  // its resampling ratio

    bool operator==(const BridgeRecord&) const = default;
};

// A device present (patched or waiting for its ports), as status, device events and `headamp devices`
// show it.
struct DeviceRecord {
    std::string identity;
    std::string manufacturer;
    std::string product;
    std::string vendor_id;
    std::string product_id;
    std::string serial;
    std::string port_path;
    int card = -1;  // N of hw:N
    std::string card_id;
    std::string label;  // short name of its sources and mixes
    int capture_channels = 0;
    int playback_channels = 0;
    bool bridged = false;  // through zita bridges, not JACK's own device
    bool patched = false;
    std::vector<std::string> capture_ports;
    std::vector<std::string> playback_ports;
    std::vector<std::string> sources;
    std::vector<std::string> outputs;
    std::vector<BridgeRecord> bridges;
    std::optional<std::size_t> controls;  // how many hardware controls; nothing: none opened
    std::string direct_monitor;           // "off", "leave", or "" without controls

    bool operator==(const DeviceRecord&) const = default;
};

// One ALSA control of a device's card, as `headamp controls` and control events show it.
struct ControlRecord {
    std::string name;
    unsigned index = 0;
    std::string kind;      // "volume", "switch", "enumeration", ...
    std::string category;  // "output", "input-gain", "direct-monitor", "unsafe", ...
    unsigned channels = 0;
    bool writable = false;
    std::vector<long> values;  // raw, one per channel
    std::string value;         // the first channel as text: "-18.00dB", "mute", "70%", "on", an item
    // Volumes: the raw range; with a dB scale, each channel in dB (nothing: muted) and the dB range.
    std::optional<long> min, max;
    std::optional<std::vector<std::optional<double>>> db;
    std::optional<double> db_min, db_max;
    std::optional<std::vector<std::string>> items;  // enumerations

    bool operator==(const ControlRecord&) const = default;
};

}  // namespace headamp::control
