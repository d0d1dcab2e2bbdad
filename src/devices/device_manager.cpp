// The device manager (see device_manager.hpp).
#include "devices/device_manager.hpp"

#include <algorithm>
#include <cctype>

#include "util/log.hpp"

namespace headamp::devices {

namespace {

constexpr std::chrono::milliseconds kPortPoll{20};  // while a device waits for its ports
constexpr std::chrono::milliseconds kRememberEvery{1000};

// JACK client and port names from the card id ("USB", "Solo"): letters, digits, '-' and '_' only.
std::string label_of(const hotplug::Device& device) {
    std::string label;
    for (unsigned char c : device.card_id)
        if (std::isalnum(c) || c == '-' || c == '_') label += static_cast<char>(c);
    if (label.empty()) label = "card" + std::to_string(device.card_number);
    return label;
}

std::vector<std::string> numbered(const std::string& prefix, int n) {
    std::vector<std::string> names;
    for (int i = 1; i <= n; ++i) names.push_back(prefix + std::to_string(i));
    return names;
}

std::chrono::milliseconds since(DeviceManager::Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(DeviceManager::Clock::now() - t);
}

}  // namespace

DeviceManager::DeviceManager(MainLoop& loop, jack::JackSession& session, std::optional<DeviceStore> store,
                             jack::BridgeSettings bridges, std::set<std::string> config_names)
    : loop_(loop),
      session_(session),
      store_(std::move(store)),
      bridges_(std::move(bridges)),
      config_names_(std::move(config_names)),
      next_remember_(Clock::now() + kRememberEvery) {
    tick_id_ = loop_.add_tick([this](Clock::time_point now) { return tick(now); });
}

DeviceManager::~DeviceManager() {
    loop_.remove_tick(tick_id_);
    // The graph is left as it is (the session goes away with the daemon); what the user changed is kept.
    for (auto& [identity, entry] : devices_)
        if (entry.patched) save_if_changed(entry);
}

void DeviceManager::add(const hotplug::Device& device) {
    const std::string identity = device.identity();
    if (devices_.count(identity)) {
        log::info("device ", identity, " reported again as card ", device.card_number, "; replacing the old card");
        remove(devices_.at(identity).device);
    }
    log::notice("device ", identity, " (", device.manufacturer, " ", device.product, ") arrived as card ",
                device.card_number, " '", device.card_id, "': ", device.capture_channels, " in, ",
                device.playback_channels, " out");
    Entry& entry = devices_[identity];
    entry.device = device;
    entry.since = Clock::now();
    resolve(entry);
}

void DeviceManager::remove(const hotplug::Device& device) {
    const auto it = devices_.find(device.identity());
    if (it == devices_.end()) return;
    Entry& entry = it->second;
    const auto start = Clock::now();
    const DeviceChange change = change_of(entry, DeviceChange::Kind::Removed);
    // Our ports leave the process callback before they are unregistered (JackClient::apply); only
    // then are the bridges stopped, so nothing reads a port that is going away.
    if (entry.patched) patch_out(entry);
    devices_.erase(it);
    log::notice("device ", change.device.identity(), " (card ", change.device.card_number, ") left; unpatched in ",
                since(start).count(), " ms");
    if (on_device_change) on_device_change(change);
}

void DeviceManager::remember() {
    for (auto& [identity, entry] : devices_)
        if (entry.patched) save_if_changed(entry);
}

std::vector<DeviceChange> DeviceManager::present() const {
    std::vector<DeviceChange> out;
    for (const auto& [identity, entry] : devices_) out.push_back(change_of(entry, DeviceChange::Kind::Added));
    return out;
}

bool DeviceManager::patched(const std::string& identity) const {
    const auto it = devices_.find(identity);
    return it != devices_.end() && it->second.patched;
}

const jack::Bridge* DeviceManager::bridge(const std::string& identity, jack::BridgeDirection direction) const {
    const auto it = devices_.find(identity);
    if (it == devices_.end()) return nullptr;
    return (direction == jack::BridgeDirection::Capture ? it->second.capture : it->second.playback).get();
}

void DeviceManager::resolve(Entry& entry) {
    if (!session_.connected()) return;  // the session connects by itself; tick() comes back here
    if (!entry.device.station.empty() && !entry.own) {
        // A station's ports are its proxy client's in the main server: no bridge, no card.
        const hotplug::Device& d = entry.device;
        const std::string& client = d.station_client.empty() ? d.station : d.station_client;
        entry.own = true;
        entry.ports.label = d.station;
        entry.ports.capture = numbered(client + ":from_slave_", d.capture_channels);
        entry.ports.playback = numbered(client + ":to_slave_", d.playback_channels);
    }
    if (!entry.own && !entry.capture && !entry.playback) {
        const hotplug::Device& d = entry.device;
        const jack::CardPorts own = session_.card_ports(d.card_number, d.card_id);
        entry.ports.label = label_of(d);
        if (!own.empty() && stack_ports_only_ && !all_or_waited(entry, own)) return;  // tick() comes back
        if (!own.empty()) {
            entry.own = true;
            entry.ports.capture = own.capture;
            entry.ports.playback = own.playback;
            log::info("card ", d.card_number,
                      stack_ports_only_ ? " is in PipeWire's graph: using its node's ports"
                                        : " is JACK's own device: using its system ports");
        } else if (!stack_ports_only_) {
            start_bridges(entry);
        }
    }
    if ((entry.own || !stack_ports_only_) && ports_present(entry)) patch_in(entry);
}

bool DeviceManager::all_or_waited(const Entry& entry, const jack::CardPorts& ports) const {
    const hotplug::Device& d = entry.device;
    const auto in = static_cast<std::size_t>(std::max(d.capture_channels, 0));
    const auto out = static_cast<std::size_t>(std::max(d.playback_channels, 0));
    if (ports.capture.size() >= in && ports.playback.size() >= out) return true;
    if (Clock::now() - entry.since < kPartialPorts) return false;
    log::notice("card ", d.card_number, ": PipeWire shows ", ports.capture.size(), " in, ", ports.playback.size(),
                " out of its ", in, " in, ", out, " out after ", kPartialPorts.count(), " s; using those");
    return true;
}

void DeviceManager::start_bridges(Entry& entry) {
    const hotplug::Device& d = entry.device;
    std::vector<std::string> env;
    if (bridges_.server) env.push_back("JACK_DEFAULT_SERVER=" + *bridges_.server);
    const auto on_exit = [this, identity = d.identity()](jack::Bridge&) {
        const auto it = devices_.find(identity);
        if (it != devices_.end()) it->second.repatch = true;
    };
    if (d.capture_channels > 0) {
        const std::string name = entry.ports.label + "-in";
        entry.ports.capture = numbered(name + ":capture_", d.capture_channels);
        entry.capture = std::make_unique<jack::Bridge>(
            loop_, name,
            jack::bridge_command(bridges_, jack::BridgeDirection::Capture, name, d.card_number, d.capture_channels),
            env);
        entry.capture->on_exit = on_exit;
    }
    if (d.playback_channels > 0) {
        const std::string name = entry.ports.label + "-out";
        entry.ports.playback = numbered(name + ":playback_", d.playback_channels);
        entry.playback = std::make_unique<jack::Bridge>(
            loop_, name,
            jack::bridge_command(bridges_, jack::BridgeDirection::Playback, name, d.card_number, d.playback_channels),
            env);
        entry.playback->on_exit = on_exit;
    }
}

void DeviceManager::follow_ports(Entry& entry) {
    if (!session_.connected()) return;
    const jack::CardPorts now = session_.card_ports(entry.device.card_number, entry.device.card_id);
    if (now.empty() || (now.capture == entry.ports.capture && now.playback == entry.ports.playback)) return;
    log::notice("device ", entry.device.identity(), ": its ports changed (", now.capture.size(), " in, ",
                now.playback.size(), " out); patching it again");
    patch_out(entry);  // saves what the user made of it, which patch_in restores on the new ports
    entry.ports.capture = now.capture;
    entry.ports.playback = now.playback;
    entry.since = Clock::now();
    if (ports_present(entry)) patch_in(entry);
}

bool DeviceManager::ports_present(const Entry& entry) const {
    if (!session_.connected()) return false;
    const jack::JackClient& client = *session_.client();
    for (const auto* list : {&entry.ports.capture, &entry.ports.playback})
        for (const std::string& port : *list)
            if (!client.port_exists(port)) return false;
    return true;
}

bool DeviceManager::links_made(const Entry& entry) const {
    if (!session_.connected()) return false;
    const std::string us = session_.client()->name() + ":";
    const auto linked = [&](const std::string& external, const std::string& ours) {
        return session_.client()->connected(external, us + ours);
    };
    const auto is_device_port = [&](const std::string& port) {
        for (const auto* list : {&entry.ports.capture, &entry.ports.playback})
            if (std::find(list->begin(), list->end(), port) != list->end()) return true;
        return false;
    };
    const jack::PortBindings& bindings = session_.bindings();
    for (const core::Source& source : session_.graph().sources) {
        const auto it = bindings.sources.find(source.name);
        if (it == bindings.sources.end()) continue;
        for (std::size_t i = 0; i < it->second.size() && i < 2; ++i)
            if (is_device_port(it->second[i]) &&
                !session_.client()->input_linked(it->second[i], core::input_port_name(source, static_cast<int>(i))))
                return false;
    }
    for (const core::Mix& mix : session_.graph().mixes) {
        const auto it = bindings.mixes.find(mix.name);
        if (it == bindings.mixes.end()) continue;
        for (int side = 0; side < 2; ++side)
            if (is_device_port(it->second[static_cast<std::size_t>(side)]) &&
                !linked(it->second[static_cast<std::size_t>(side)], core::output_port_name(mix, side)))
                return false;
    }
    return true;
}

void DeviceManager::patch_in(Entry& entry) {
    const std::string identity = entry.device.identity();
    Patch patch{session_.graph(), session_.bindings()};
    // JACK's own device may have been patched by the physical defaults already: its profile wins.
    if (entry.own) remove_device(patch, entry.ports, {}, config_names_);
    const Patch before = patch;
    const std::optional<DeviceProfile> profile = store_ ? store_->load(identity) : std::nullopt;
    entry.added = add_device(patch, entry.ports, profile);
    if (auto error = core::validate(patch.graph)) {
        log::warning("the saved profile of ", identity, " does not fit (", *error, "); using defaults");
        patch = before;
        entry.added = add_device(patch, entry.ports, std::nullopt);
    }
    session_.set_bindings(patch.bindings);
    if (auto error = session_.set_graph(patch.graph)) {
        log::error("cannot patch device ", identity, ": ", *error);
        return;
    }
    entry.patched = true;
    // A bridge registers its ports before it activates, and JACK connects only active clients'
    // ports: tick() makes the links that could not be made yet.
    entry.repatch = !links_made(entry);
    entry.saved = extract_profile(patch, entry.ports);
    if (profile) entry.saved->hardware = profile->hardware;
    DeviceChange change = change_of(entry, DeviceChange::Kind::Added);
    change.hardware = entry.saved->hardware;
    log::notice("device ", identity, " patched ", profile ? "with its saved profile" : "with defaults", " in ",
                change.took.count(), " ms: ", entry.added.sources.size(), " sources, ", change.outputs.size(),
                " mixes on its outputs");
    if (on_device_change) on_device_change(change);
}

void DeviceManager::patch_out(Entry& entry) {
    save_if_changed(entry);
    Patch patch{session_.graph(), session_.bindings()};
    remove_device(patch, entry.ports, entry.added.created_mixes, config_names_);
    // The graph first: the device's input ports leave the engine and are unregistered, then the bindings.
    if (auto error = session_.set_graph(patch.graph)) log::error("cannot unpatch a device: ", *error);
    session_.set_bindings(patch.bindings);
    entry.patched = false;
}

void DeviceManager::save_if_changed(Entry& entry) {
    DeviceProfile now = extract_profile({session_.graph(), session_.bindings()}, entry.ports);
    if (entry.saved) now = keep_unseen(std::move(now), *entry.saved, entry.ports);
    std::optional<nlohmann::json> hardware = hardware_state ? hardware_state(entry.device.identity()) : std::nullopt;
    if (hardware)
        now.hardware = std::move(*hardware);
    else if (entry.saved)
        now.hardware = entry.saved->hardware;
    if (entry.saved && now == *entry.saved) return;
    entry.saved = now;  // also on failure: the store has said why, once
    if (store_ && store_->save(entry.device.identity(), now))
        log::info("saved the settings of device ", entry.device.identity());
}

DeviceChange DeviceManager::change_of(const Entry& entry, DeviceChange::Kind kind) const {
    DeviceChange change{kind,
                        entry.device,
                        !entry.own && !stack_ports_only_,
                        entry.ports,
                        entry.added.sources,
                        {},
                        since(entry.since),
                        entry.patched,
                        nullptr,
                        {}};
    for (const auto* bridge : {entry.capture.get(), entry.playback.get()})
        if (bridge) change.bridges.push_back(bridge->status(Clock::now()));
    const Patch patch{session_.graph(), session_.bindings()};
    for (const SavedOutput& out : extract_profile(patch, entry.ports).outputs) change.outputs.push_back(out.mix.name);
    return change;
}

std::optional<std::chrono::milliseconds> DeviceManager::tick(Clock::time_point now) {
    std::optional<std::chrono::milliseconds> wait;
    for (auto& [identity, entry] : devices_) {
        if (!entry.patched) {
            resolve(entry);
            if (!entry.patched) {
                wait = kPortPoll;
                if (!entry.warned_slow && now - entry.since > kSlowPorts && session_.connected()) {
                    entry.warned_slow = true;
                    log::warning("device ", identity, ": its JACK ports are not there after ",
                                 std::chrono::seconds(kSlowPorts).count(), " s; still waiting");
                }
            }
        } else if (entry.repatch) {
            // Until every link is made again: the dead bridge's ports may linger for a moment after
            // its exit, so one attempt can hit the old ports instead of the new ones.
            wait = kPortPoll;
            const bool bridges_up =
                (!entry.capture || entry.capture->running()) && (!entry.playback || entry.playback->running());
            if (bridges_up && ports_present(entry)) {
                if (links_made(entry)) {
                    entry.repatch = false;
                    log::info("device ", identity, ": all links made, ", since(entry.since).count(),
                              " ms after it arrived");
                } else {
                    session_.repatch();
                }
            }
        }
    }
    if (now >= next_remember_) {
        if (stack_ports_only_)
            for (auto& [identity, entry] : devices_)
                if (entry.patched) follow_ports(entry);
        remember();
        next_remember_ = now + kRememberEvery;
    }
    const auto until_remember = std::chrono::duration_cast<std::chrono::milliseconds>(next_remember_ - now);
    return wait ? std::min(*wait, until_remember) : until_remember;
}

}  // namespace headamp::devices
