// What travels about devices and their hardware controls inside headampd and headamp(1), and the screen's
// view of the graph, meters and JACK: typed records, turned into the socket's JSON (and back) only in
// records_json.hpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
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

// Under PipeWire: the card's nodes, its profile, and who drives its hardware output volume.
struct PipeWireRecord {
    std::vector<std::string> nodes;  // node.name of each of the card's nodes
    std::string description;         // the nodes' description: the JACK client name of their ports
    std::string profile;             // "pro-audio", a desktop profile ("output:analog-stereo+input:..."), or ""
    std::uint32_t quantum = 0;       // the graph's quantum (frames per cycle) headampd runs at; 0: not connected
    bool drives_volume = false;      // PipeWire sets the card's output volume: headamp's master is software only

    bool operator==(const PipeWireRecord&) const = default;
};

// A device present (patched or waiting for its ports), as status, device events and `headamp devices`
// show it.
struct DeviceRecord {
    std::string kind = "usb";  // "usb": a USB audio interface; "station": a NetJACK2 station
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
    // A station's NetJACK2 latency as its proxy client states it (jack/station_latency.hpp): its `-l` in
    // periods, and the round trip main -> station -> main (nothing: it sends nothing back).
    std::optional<int> latency_periods;
    std::optional<double> round_trip_ms;
    std::optional<PipeWireRecord> pipewire;  // under PipeWire, when PipeWire has nodes of the card

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

// The graph as status and state events show it (state_json.cpp's state_to_json writes it): what headamp(1)
// holds of it. Levels at or below silence arrive as kSilenceDb.
struct SourceRecord {
    std::size_t number = 0;  // 1-based, in status order
    std::string name;
    bool stereo = false;
    std::vector<int> channels;       // one or two channel slots
    std::vector<std::string> ports;  // the JACK ports it is bound to
    double trim_db = 0.0;
    bool invert = false;

    bool operator==(const SourceRecord&) const = default;
};

// A mix's send from one source.
struct SendRecord {
    std::string source;
    double level_db = 0.0;
    double pan = 0.0;
    bool mute = false;
    bool solo = false;
    bool own = false;  // one of the mix's musician's own sources ("more me")

    bool operator==(const SendRecord&) const = default;
};

struct EqBandRecord {
    double freq_hz = 0.0;
    double gain_db = 0.0;
    double q = 0.0;

    bool operator==(const EqBandRecord&) const = default;
};

struct EqRecord {
    bool enabled = false;
    EqBandRecord low, mid, high;

    bool operator==(const EqRecord&) const = default;
};

struct MixRecord {
    std::size_t number = 0;  // 1-based, in status order
    std::string name;
    int slot = 0;
    double master_db = 0.0;  // as heard: with a hardware master, software and hardware together
    bool mute = false;
    bool mono = false;
    std::string pan_law;  // "-3dB", "-6dB", "0dB"
    double limiter_ceiling_db = 0.0;
    EqRecord eq;
    std::optional<std::array<std::string, 2>> output;  // the two ports it plays to; nothing: unrouted
    std::vector<std::string> ports;                    // its own output ports
    std::vector<SendRecord> sends;                     // one per source, in source order

    // The send from `source` (nothing: the daemon sent none).
    const SendRecord* send_for(const std::string& source) const {
        for (const SendRecord& s : sends)
            if (s.source == source) return &s;
        return nullptr;
    }

    bool operator==(const MixRecord&) const = default;
};

// {"sources", "mixes"} of status or a state event.
struct GraphRecord {
    std::vector<SourceRecord> sources;
    std::vector<MixRecord> mixes;

    bool operator==(const GraphRecord&) const = default;
};

// One meter of a meters event: dBFS per channel (a source's one or two, a mix's left and right).
struct MeterRecord {
    std::string name;
    std::vector<double> peak_db;
    std::vector<double> rms_db;

    bool operator==(const MeterRecord&) const = default;
};

// A meters event: every source's and every mix's meter.
struct MetersRecord {
    std::vector<MeterRecord> sources;
    std::vector<MeterRecord> mixes;

    // The meter of the source or mix called `name`; nothing when the event had none.
    const MeterRecord* source(const std::string& name) const { return find(sources, name); }
    const MeterRecord* mix(const std::string& name) const { return find(mixes, name); }

    bool operator==(const MetersRecord&) const = default;

private:
    static const MeterRecord* find(const std::vector<MeterRecord>& meters, const std::string& name) {
        for (const MeterRecord& m : meters)
            if (m.name == name) return &m;
        return nullptr;
    }
};

// The "jack" part of status, and a jack event.
struct JackRecord {
    bool connected = false;
    std::uint64_t xruns = 0;
    std::optional<std::string> server;  // the JACK server's name; nothing: the default one
    // While connected: the client's name, the sample rate and the buffer size.
    std::optional<std::string> client;
    std::uint32_t sample_rate = 0;
    std::uint32_t buffer_size = 0;  // under PipeWire: the graph's quantum
    std::string stack = "jack2";    // whose libjack: "jack2" or "pipewire"
    std::string stack_version;

    bool operator==(const JackRecord&) const = default;
};

}  // namespace headamp::control
