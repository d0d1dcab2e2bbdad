// NetJACK2 stations as devices ([network] stations = true): makes sure the main server has
// netmanager (loaded on a server headampd started; on another, the log says how), watches the graph
// for stations (jack/station_ports) joining and leaving, and hands them to the DeviceManager.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "devices/device_manager.hpp"
#include "hotplug/device.hpp"
#include "jack/jack_session.hpp"
#include "jack/station_latency.hpp"
#include "util/main_loop.hpp"

namespace headamp::devices {

class StationWatch {
public:
    using Clock = std::chrono::steady_clock;
    // How often the graph's ports are read: a station is patched this long after it joined, at most.
    static constexpr std::chrono::milliseconds kScanEvery{250};

    // server_is_ours: whether the server headampd is on is one it started (ServerStarter).
    // server_name: for the command the log gives (empty: the default server).
    StationWatch(MainLoop& loop, jack::JackSession& session, DeviceManager& devices,
                 std::function<bool()> server_is_ours, std::string server_name);
    ~StationWatch();
    StationWatch(const StationWatch&) = delete;
    StationWatch& operator=(const StationWatch&) = delete;

    // A present station's NetJACK2 latency as its proxy states it, read at each scan; nothing when
    // the station is not there or states none.
    std::optional<jack::StationLatency> latency(const std::string& station) const;

private:
    std::optional<std::chrono::milliseconds> tick(Clock::time_point now);
    void on_connected();
    void scan();
    void say_refusals(const std::vector<std::string>& refused);
    // Stations whose proxy left or changed, and proxies that joined: `now` by proxy client.
    void leave(const std::map<std::string, hotplug::Device>& now);
    void join(const std::map<std::string, hotplug::Device>& now);

    MainLoop& loop_;
    jack::JackSession& session_;
    DeviceManager& devices_;
    std::function<bool()> server_is_ours_;
    std::string server_name_;
    bool connected_ = false;
    std::map<std::string, hotplug::Device> present_;         // by proxy client name (see jack::station_identity)
    std::map<std::string, std::string> current_;             // station identity -> its newest proxy client
    std::map<std::string, jack::StationLatency> latencies_;  // by proxy client name
    std::set<std::string> refusals_said_;                    // each said once while it lasts
    int tick_id_ = -1;
};

}  // namespace headamp::devices
