// NetJACK2 stations as devices (see station_watch.hpp).
#include "devices/station_watch.hpp"

#include "jack/netmanager.hpp"
#include "jack/station_ports.hpp"
#include "util/log.hpp"

namespace headamp::devices {

namespace {

hotplug::Device station_device(const jack::StationPorts& station) {
    hotplug::Device device;
    device.station = station.name;
    device.product = "NetJACK2 station";
    // Not yet its from_slave channels as sources: headamp reading them waits each cycle for the
    // station's proxy, which after a pulled cable blocks for NetJACK2's 2 s receive timeout, and every
    // other station then hears periods skipped (252 of 780 blocks of 5 ms off in tests/stations; 1
    // without). They come back when they can be read without that wait.
    device.capture_channels = 0;
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
            for (const auto& [name, device] : present_) devices_.remove(device);
            present_.clear();
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

void StationWatch::scan() {
    const jack::JackClient& client = *session_.client();
    const jack::StationScan found =
        jack::find_stations(client.ports(jack::PortDirection::Input), client.ports(jack::PortDirection::Output));
    std::set<std::string> refusals;
    for (const std::string& why : found.refused) {
        if (!refusals_said_.count(why)) log::warning(why);
        refusals.insert(why);
    }
    refusals_said_ = std::move(refusals);
    std::map<std::string, hotplug::Device> now;
    for (const jack::StationPorts& station : found.stations) now.emplace(station.name, station_device(station));
    for (auto it = present_.begin(); it != present_.end();) {
        const auto there = now.find(it->first);
        if (there != now.end() && there->second == it->second) {
            ++it;
            continue;
        }
        log::notice("station ", it->first, " left the JACK graph");
        devices_.remove(it->second);
        it = present_.erase(it);
    }
    for (const auto& [name, device] : now) {
        if (present_.count(name)) continue;
        log::notice("station ", name, " joined the JACK graph: ", device.playback_channels,
                    " channels to it (its from_slave channels are not sources yet)");
        present_.emplace(name, device);
        devices_.add(device);
    }
}

}  // namespace headamp::devices
