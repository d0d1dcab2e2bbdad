// NetJACK2 stations as devices (see station_watch.hpp).
#include "devices/station_watch.hpp"

#include "jack/netmanager.hpp"
#include "jack/station_ports.hpp"
#include "util/log.hpp"

namespace headamp::devices {

namespace {

hotplug::Device station_device(const jack::StationPorts& station, const std::string& identity) {
    hotplug::Device device;
    device.station = identity;
    device.station_client = station.name;
    device.product = "NetJACK2 station";
    // Its from_slave channels are sources, read through a return tap of their own so that no mix
    // waits for this station (jack/return_tap.hpp).
    device.capture_channels = static_cast<int>(station.from_slave.size());
    device.playback_channels = static_cast<int>(station.to_slave.size());
    return device;
}

}  // namespace

StationWatch::StationWatch(MainLoop& loop, jack::JackSession& session, DeviceManager& devices,
                           std::function<bool()> server_is_ours, std::string server_name)
    : loop_(loop),
      session_(session),
      devices_(devices),
      server_is_ours_(std::move(server_is_ours)),
      server_name_(std::move(server_name)) {
    tick_id_ = loop_.add_tick([this](Clock::time_point now) { return tick(now); });
}

StationWatch::~StationWatch() { loop_.remove_tick(tick_id_); }

std::optional<std::chrono::milliseconds> StationWatch::tick(Clock::time_point) {
    if (!session_.connected()) {
        if (connected_) {
            // The server went away and took its stations' proxies with it.
            for (const auto& [identity, name] : current_) devices_.remove(present_.at(name));
            present_.clear();
            current_.clear();
            latencies_.clear();
            refusals_said_.clear();
        }
        connected_ = false;
        return kScanEvery;
    }
    if (!connected_) {
        connected_ = true;
        on_connected();
    }
    scan();
    return kScanEvery;
}

void StationWatch::on_connected() {
    jack::JackClient& client = *session_.client();
    if (server_is_ours_ && server_is_ours_()) {
        jack::ensure_netmanager(client);
    } else if (jack::netmanager_loaded(client)) {
        log::info("NetJACK2's netmanager is loaded in the JACK server: stations can join");
    } else {
        log::warning("[network] stations is on, but the JACK server (not started by headampd) has no NetJACK2 ",
                     "netmanager, so no station can join; load it with: ", jack::netmanager_load_command(server_name_));
    }
}

std::optional<jack::StationLatency> StationWatch::latency(const std::string& station) const {
    const auto current = current_.find(station);
    if (current == current_.end()) return std::nullopt;
    const auto it = latencies_.find(current->second);
    if (it == latencies_.end()) return std::nullopt;
    return it->second;
}

void StationWatch::scan() {
    const jack::JackClient& client = *session_.client();
    const std::vector<std::string> inputs = client.ports(jack::PortDirection::Input);
    const std::vector<std::string> outputs = client.ports(jack::PortDirection::Output);
    const jack::StationScan found = jack::find_stations(inputs, outputs);
    say_refusals(found.refused);
    std::set<std::string> clients = jack::client_names(inputs);
    clients.merge(jack::client_names(outputs));
    std::map<std::string, hotplug::Device> now;  // by proxy client
    latencies_.clear();
    for (const jack::StationPorts& station : found.stations) {
        // A proxy keeps the identity it was given when it joined.
        const auto known = present_.find(station.name);
        const std::string identity =
            known != present_.end() ? known->second.station : jack::station_identity(station.name, clients);
        now.emplace(station.name, station_device(station, identity));
        if (auto latency = jack::station_latency(client, station)) latencies_.emplace(station.name, *latency);
    }
    leave(now);
    join(now);
}

void StationWatch::say_refusals(const std::vector<std::string>& refused) {
    std::set<std::string> refusals;
    for (const std::string& why : refused) {
        if (!refusals_said_.count(why)) log::warning(why);
        refusals.insert(why);
    }
    refusals_said_ = std::move(refusals);
}

void StationWatch::leave(const std::map<std::string, hotplug::Device>& now) {
    for (auto it = present_.begin(); it != present_.end();) {
        const auto there = now.find(it->first);
        if (there != now.end() && there->second == it->second) {
            ++it;
            continue;
        }
        const std::string& identity = it->second.station;
        const auto current = current_.find(identity);
        if (current != current_.end() && current->second == it->first) {
            log::notice("station ", identity, " left the JACK graph");
            devices_.remove(it->second);
            current_.erase(current);
        } else {
            log::info("the old proxy client '", it->first, "' of station ", identity, " left the JACK graph");
        }
        it = present_.erase(it);
    }
}

void StationWatch::join(const std::map<std::string, hotplug::Device>& now) {
    for (const auto& [name, device] : now) {
        if (present_.count(name)) continue;
        const std::string& identity = device.station;
        if (const auto current = current_.find(identity); current != current_.end()) {
            // The newest proxy is the station: the old one waits out NetJACK2's receive timeout.
            log::notice("station ", identity, " rejoined as JACK client '", name, "' while its old proxy '",
                        current->second, "' is still there: its mix moves to the new one");
            devices_.remove(present_.at(current->second));
        } else {
            log::notice("station ", identity, " joined the JACK graph", name == identity ? "" : " as '" + name + "'",
                        ": ", device.capture_channels, " channels from it, ", device.playback_channels, " to it");
        }
        current_[identity] = name;
        present_.emplace(name, device);
        devices_.add(device);
    }
}

}  // namespace headamp::devices
