// Device and control records <-> JSON (see records_json.hpp).
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

void to_json(json& j, const DeviceRecord& d) {
    j = {{"identity", d.identity},
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
         {"direct_monitor", d.direct_monitor}};
}

void from_json(const json& j, DeviceRecord& d) {
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

}  // namespace headamp::control
