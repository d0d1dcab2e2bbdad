// Device, control, graph-view, meter and JACK records <-> JSON (see records_json.hpp).
#include "control/records_json.hpp"

namespace headamp::control {

using nlohmann::json;

namespace {

template <typename T>
void read(const json& j, const char* key, T& out) {
    if (const auto it = j.find(key); it != j.end()) it->get_to(out);
}

template <typename T>
void read(const json& j, const char* key, std::optional<T>& out) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null())
        out.reset();
    else
        out = it->get<T>();
}

template <typename T>
void write(json& j, const char* key, const std::optional<T>& value) {
    if (value) j[key] = *value;
}

}  // namespace

void to_json(json& j, const BridgeRecord& b) {
    j = {{"name", b.name},
         {"state", b.state},
         {"restarts", b.restarts},
         {"sync_losses", b.sync_losses},
         {"ratio", b.ratio}};
}

void from_json(const json& j, BridgeRecord& b) {
    read(j, "name", b.name);
    read(j, "state", b.state);
    read(j, "restarts", b.restarts);
    read(j, "sync_losses", b.sync_losses);
    read(j, "ratio", b.ratio);
}

void to_json(json& j, const PipeWireRecord& p) {
    j = {{"nodes", p.nodes},
         {"description", p.description},
         {"profile", p.profile},
         {"quantum", p.quantum},
         // who sets the card's hardware output volume: PipeWire in a desktop profile, else headamp's master
         {"hardware_volume", p.drives_volume ? "pipewire" : "headamp"}};
}

void from_json(const json& j, PipeWireRecord& p) {
    read(j, "nodes", p.nodes);
    read(j, "description", p.description);
    read(j, "profile", p.profile);
    read(j, "quantum", p.quantum);
    p.drives_volume = j.value("hardware_volume", std::string()) == "pipewire";
}

void to_json(json& j, const DeviceRecord& d) {
    j = {{"kind", d.kind},
         {"identity", d.identity},
         {"manufacturer", d.manufacturer},
         {"product", d.product},
         {"vendor_id", d.vendor_id},
         {"product_id", d.product_id},
         {"serial", d.serial},
         {"port_path", d.port_path},
         {"card", d.card},
         {"card_id", d.card_id},
         {"label", d.label},
         {"capture_channels", d.capture_channels},
         {"playback_channels", d.playback_channels},
         // JACK's own device (its system ports) or brought in through zita bridges
         {"graph", d.bridged ? "bridged" : "jack"},
         {"patched", d.patched},
         {"capture_ports", d.capture_ports},
         {"playback_ports", d.playback_ports},
         {"sources", d.sources},
         {"outputs", d.outputs},
         // each zita bridge: "running" while it moves audio; restarted when it loses sync or stalls
         {"bridges", d.bridges},
         {"controls", d.controls ? json(*d.controls) : json(nullptr)},
         {"direct_monitor", d.direct_monitor},
         // stations only: NetJACK2's latency in periods and the round trip it states, in ms
         {"latency_periods", d.latency_periods ? json(*d.latency_periods) : json(nullptr)},
         {"round_trip_ms", d.round_trip_ms ? json(*d.round_trip_ms) : json(nullptr)}};
    write(j, "pipewire", d.pipewire);
}

void from_json(const json& j, DeviceRecord& d) {
    read(j, "kind", d.kind);
    read(j, "identity", d.identity);
    read(j, "manufacturer", d.manufacturer);
    read(j, "product", d.product);
    read(j, "vendor_id", d.vendor_id);
    read(j, "product_id", d.product_id);
    read(j, "serial", d.serial);
    read(j, "port_path", d.port_path);
    read(j, "card", d.card);
    read(j, "card_id", d.card_id);
    read(j, "label", d.label);
    read(j, "capture_channels", d.capture_channels);
    read(j, "playback_channels", d.playback_channels);
    d.bridged = j.value("graph", std::string()) == "bridged";
    read(j, "patched", d.patched);
    read(j, "capture_ports", d.capture_ports);
    read(j, "playback_ports", d.playback_ports);
    read(j, "sources", d.sources);
    read(j, "outputs", d.outputs);
    read(j, "bridges", d.bridges);
    read(j, "controls", d.controls);
    read(j, "direct_monitor", d.direct_monitor);
    read(j, "latency_periods", d.latency_periods);
    read(j, "round_trip_ms", d.round_trip_ms);
    read(j, "pipewire", d.pipewire);
}

void to_json(json& j, const ControlRecord& c) {
    j = {{"name", c.name},         {"index", c.index},       {"kind", c.kind},     {"category", c.category},
         {"channels", c.channels}, {"writable", c.writable}, {"values", c.values}, {"value", c.value}};
    write(j, "min", c.min);
    write(j, "max", c.max);
    if (c.db) {
        json dbs = json::array();
        for (const std::optional<double>& db : *c.db) dbs.push_back(db ? json(*db) : json(nullptr));
        j["db"] = dbs;
    }
    write(j, "db_min", c.db_min);
    write(j, "db_max", c.db_max);
    write(j, "items", c.items);
}

void from_json(const json& j, ControlRecord& c) {
    read(j, "name", c.name);
    read(j, "index", c.index);
    read(j, "kind", c.kind);
    read(j, "category", c.category);
    read(j, "channels", c.channels);
    read(j, "writable", c.writable);
    read(j, "values", c.values);
    read(j, "value", c.value);
    read(j, "min", c.min);
    read(j, "max", c.max);
    if (const auto it = j.find("db"); it != j.end() && it->is_array()) {
        c.db.emplace();
        for (const json& db : *it) c.db->push_back(db.is_null() ? std::nullopt : std::optional(db.get<double>()));
    } else {
        c.db.reset();
    }
    read(j, "db_min", c.db_min);
    read(j, "db_max", c.db_max);
    read(j, "items", c.items);
}

void to_json(json& j, const SourceRecord& s) {
    j = {{"number", s.number}, {"name", s.name},       {"stereo", s.stereo}, {"channels", s.channels},
         {"ports", s.ports},   {"trim_db", s.trim_db}, {"invert", s.invert}};
}

void from_json(const json& j, SourceRecord& s) {
    read(j, "number", s.number);
    read(j, "name", s.name);
    read(j, "stereo", s.stereo);
    read(j, "channels", s.channels);
    read(j, "ports", s.ports);
    read(j, "trim_db", s.trim_db);
    read(j, "invert", s.invert);
}

void to_json(json& j, const SendRecord& s) {
    j = {{"source", s.source}, {"level_db", s.level_db}, {"pan", s.pan}, {"mute", s.mute}, {"solo", s.solo}};
    if (s.own) j["own"] = true;
}

void from_json(const json& j, SendRecord& s) {
    read(j, "source", s.source);
    read(j, "level_db", s.level_db);
    read(j, "pan", s.pan);
    read(j, "mute", s.mute);
    read(j, "solo", s.solo);
    s.own = j.value("own", false);  // only an own source's send says so
}

void to_json(json& j, const EqBandRecord& b) { j = {{"freq_hz", b.freq_hz}, {"gain_db", b.gain_db}, {"q", b.q}}; }

void from_json(const json& j, EqBandRecord& b) {
    read(j, "freq_hz", b.freq_hz);
    read(j, "gain_db", b.gain_db);
    read(j, "q", b.q);
}

void to_json(json& j, const EqRecord& eq) {
    j = {{"enabled", eq.enabled}, {"low", eq.low}, {"mid", eq.mid}, {"high", eq.high}};
}

void from_json(const json& j, EqRecord& eq) {
    read(j, "enabled", eq.enabled);
    read(j, "low", eq.low);
    read(j, "mid", eq.mid);
    read(j, "high", eq.high);
}

void to_json(json& j, const MixRecord& m) {
    j = {{"number", m.number},   {"name", m.name},
         {"slot", m.slot},       {"master_db", m.master_db},
         {"mute", m.mute},       {"mono", m.mono},
         {"pan_law", m.pan_law}, {"limiter_ceiling_db", m.limiter_ceiling_db},
         {"eq", m.eq},           {"output", m.output ? json(*m.output) : json(nullptr)},
         {"ports", m.ports},     {"sends", m.sends}};
}

void from_json(const json& j, MixRecord& m) {
    read(j, "number", m.number);
    read(j, "name", m.name);
    read(j, "slot", m.slot);
    read(j, "master_db", m.master_db);
    read(j, "mute", m.mute);
    read(j, "mono", m.mono);
    read(j, "pan_law", m.pan_law);
    read(j, "limiter_ceiling_db", m.limiter_ceiling_db);
    read(j, "eq", m.eq);
    read(j, "output", m.output);
    read(j, "ports", m.ports);
    read(j, "sends", m.sends);
}

void to_json(json& j, const GraphRecord& g) { j = {{"sources", g.sources}, {"mixes", g.mixes}}; }

void from_json(const json& j, GraphRecord& g) {
    j.at("sources").get_to(g.sources);
    j.at("mixes").get_to(g.mixes);
}

void to_json(json& j, const MeterRecord& m) { j = {{"name", m.name}, {"peak_db", m.peak_db}, {"rms_db", m.rms_db}}; }

void from_json(const json& j, MeterRecord& m) {
    read(j, "name", m.name);
    read(j, "peak_db", m.peak_db);
    read(j, "rms_db", m.rms_db);
}

void to_json(json& j, const MetersRecord& m) { j = {{"event", "meters"}, {"sources", m.sources}, {"mixes", m.mixes}}; }

void from_json(const json& j, MetersRecord& m) {
    read(j, "sources", m.sources);
    read(j, "mixes", m.mixes);
}

void to_json(json& j, const JackRecord& jack) {
    j = {{"connected", jack.connected},
         {"xruns", jack.xruns},
         {"server", jack.server ? json(*jack.server) : json(nullptr)},
         {"stack", jack.stack},
         {"stack_version", jack.stack_version}};
    if (jack.client) {
        j["client"] = *jack.client;
        j["sample_rate"] = jack.sample_rate;
        j["buffer_size"] = jack.buffer_size;
    }
}

void from_json(const json& j, JackRecord& jack) {
    read(j, "connected", jack.connected);
    read(j, "xruns", jack.xruns);
    read(j, "server", jack.server);
    read(j, "client", jack.client);
    read(j, "sample_rate", jack.sample_rate);
    read(j, "buffer_size", jack.buffer_size);
    read(j, "stack", jack.stack);
    read(j, "stack_version", jack.stack_version);
}

}  // namespace headamp::control
