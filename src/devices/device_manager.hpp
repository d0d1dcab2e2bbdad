// Brings devices that udev reports into the JACK graph and out again: finds or bridges their ports,
// patches them with their saved profile, saves what the user changes, and announces it all.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "devices/device_patch.hpp"
#include "devices/device_store.hpp"
#include "hotplug/device.hpp"
#include "jack/bridge.hpp"
#include "jack/jack_session.hpp"
#include "util/main_loop.hpp"

namespace headamp::devices {

// What on_device_change reports.
struct DeviceChange {
    enum class Kind { Added, Removed };
    Kind kind;
    hotplug::Device device;
    bool bridged = false;                     // through zita bridges, not JACK's own device
    DevicePorts ports;                        // the JACK ports of its channels
    std::vector<std::string> sources;         // the sources made from its channels
    std::vector<std::string> outputs;         // the mixes that play on it
    std::chrono::milliseconds took{0};        // Added: from add() until patched
    bool patched = false;                     // in the graph (false: waiting for its JACK ports)
    nlohmann::json hardware;                  // Added: the saved hardware part of its profile (null: none)
    std::vector<jack::BridgeStatus> bridges;  // its bridges' health, when bridged
};

class DeviceManager {
public:
    using Clock = std::chrono::steady_clock;
    // How long to wait for a device's JACK ports (a bridge starting) before saying so in the log.
    static constexpr std::chrono::seconds kSlowPorts{5};
    // Under PipeWire a card's capture and playback are nodes that may appear a moment apart: a card is
    // patched once it shows all its channels, or with what it shows after this long (a profile with fewer
    // channels, e.g. a desktop one kept by [pipewire] profile = "keep").
    static constexpr std::chrono::seconds kPartialPorts{3};

    // store: nothing to keep profiles in memory only (no home directory). `config_names` are the
    // sources and mixes the user wrote in headamp.conf: a device never replaces them.
    DeviceManager(MainLoop& loop, jack::JackSession& session, std::optional<DeviceStore> store,
                  jack::BridgeSettings bridges, std::set<std::string> config_names = {});
    ~DeviceManager();
    DeviceManager(const DeviceManager&) = delete;
    DeviceManager& operator=(const DeviceManager&) = delete;

    // Under PipeWire every card is already in the graph: no bridge is ever started, a device waits
    // until the card port finder sees its ports, and its ports are looked up again once a second
    // (they may come later, or change, e.g. with the card's profile).
    void use_stack_ports_only() { stack_ports_only_ = true; }

    // The UdevWatcher's on_added/on_removed (or a test) call these.
    void add(const hotplug::Device& device);
    void remove(const hotplug::Device& device);

    // Saves the profile of every patched device whose part of the graph changed since it was last
    // saved or restored. Also runs by itself once a second; call it right after a change to save now.
    void remember();

    // The hardware part of a device's profile as it is now (DeviceControls::saved_state); nothing
    // keeps what was saved. Asked whenever the profile is saved.
    std::function<std::optional<nlohmann::json>(const std::string& identity)> hardware_state;

    // Arrival (once patched) and departure of devices, for the control socket's subscribers.
    std::function<void(const DeviceChange&)> on_device_change;

    // Every device present (patched or waiting), described as on_device_change would, by identity.
    std::vector<DeviceChange> present() const;
    bool patched(const std::string& identity) const;
    const jack::Bridge* bridge(const std::string& identity, jack::BridgeDirection direction) const;

private:
    struct Entry {
        hotplug::Device device;
        Clock::time_point since;
        bool own = false;  // JACK's own device: system ports, no bridge
        bool patched = false;
        bool repatch = false;  // a bridge restarted: connect its new ports when they are there
        bool warned_slow = false;
        DevicePorts ports;
        Added added;
        std::optional<DeviceProfile> saved;  // as last saved or restored
        std::unique_ptr<jack::Bridge> capture;
        std::unique_ptr<jack::Bridge> playback;
    };

    std::optional<std::chrono::milliseconds> tick(Clock::time_point now);
    void resolve(Entry& entry);
    bool ports_present(const Entry& entry) const;
    bool all_or_waited(const Entry& entry, const jack::CardPorts& ports) const;  // see kPartialPorts
    bool links_made(const Entry& entry) const;  // every binding to the device's ports is connected
    void patch_in(Entry& entry);
    void patch_out(Entry& entry);
    void save_if_changed(Entry& entry);
    void start_bridges(Entry& entry);
    // Under PipeWire: patches the device again when its ports are not the ones it was patched with.
    void follow_ports(Entry& entry);
    DeviceChange change_of(const Entry& entry, DeviceChange::Kind kind) const;

    MainLoop& loop_;
    jack::JackSession& session_;
    std::optional<DeviceStore> store_;
    jack::BridgeSettings bridges_;
    std::set<std::string> config_names_;
    std::map<std::string, Entry> devices_;  // by identity
    int tick_id_ = -1;
    Clock::time_point next_remember_;
    bool stack_ports_only_ = false;
};

}  // namespace headamp::devices
