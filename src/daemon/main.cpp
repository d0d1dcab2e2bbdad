// headampd: wiring only. Options, config, engine, JACK session, and the one poll loop that drives them.
#include <signal.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <systemd/sd-daemon.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <set>

#include "control/control_service.hpp"
#include "control/records_json.hpp"
#include "control/request.hpp"
#include "core/engine.hpp"
#include "daemon/environment.hpp"
#include "daemon/options.hpp"
#include "devices/device_controls.hpp"
#include "devices/device_manager.hpp"
#include "devices/device_record.hpp"
#include "devices/server_starter.hpp"
#include "hotplug/device_feed.hpp"
#include "hotplug/udev_watcher.hpp"
#include "jack/jack_session.hpp"
#include "jack/server_command.hpp"
#include "state/config.hpp"
#include "util/log.hpp"
#include "util/main_loop.hpp"
#include "util/unique_fd.hpp"

using namespace headamp;

namespace {

// Loads the config named on the command line, or the default one if it exists. A config that exists
// but is broken stops the daemon: running with different settings than the user wrote loses work.
state::Config load(const daemon::Options& o) {
    if (o.config_file) return state::load_config(*o.config_file);
    const std::filesystem::path path = state::default_config_path();
    if (std::filesystem::exists(path)) return state::load_config(path);
    log::info("no config file at ", path.string(), "; using the defaults");
    return {};
}

// SIGINT/SIGTERM arrive on an fd the poll loop reads; blocked before any thread exists so that
// JACK's threads inherit the mask and never take them.
UniqueFd block_termination_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    signal(SIGPIPE, SIG_IGN);
    return UniqueFd(signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
}

int run(const daemon::Options& o) {
    state::Config config = load(o);
    UniqueFd signals = block_termination_signals();
    if (!signals.valid()) {
        log::error("signalfd: ", std::strerror(errno));
        return 1;
    }
    MainLoop loop;
    loop.watch(signals.get(), [&](short) {
        signalfd_siginfo info;
        if (read(signals.get(), &info, sizeof info) != sizeof info) return;
        log::notice("stopping on signal ", strsignal(static_cast<int>(info.ssi_signo)));
        loop.stop(0);
    });

    jack::SessionOptions session_options;
    session_options.client_name = o.client_name;
    session_options.server = o.server ? o.server : config.jack.server;
    session_options.connect_physical = config.jack.connect_physical;
    core::Engine engine(48000.0);
    jack::JackSession session(session_options, engine, config.graph,
                              jack::PortBindings{config.source_ports, config.mix_outputs});
    control::ControlService control(loop, session, engine, {o.socket, session_options.server, HEADAMP_VERSION});
    session.on_connection_change = [&](bool connected) { control.on_jack_connection(connected); };
    int watched_fd = -1;  // the session's event fd changes with every (re)connection
    loop.add_tick([&](MainLoop::Clock::time_point now) -> std::optional<std::chrono::milliseconds> {
        session.on_timeout(now);
        if (session.fd() != watched_fd) {
            if (watched_fd >= 0) loop.unwatch(watched_fd);
            watched_fd = session.fd();
            if (watched_fd >= 0) loop.watch(watched_fd, [&](short) { session.on_readable(); });
        }
        if (session.connected()) return std::chrono::milliseconds(1000);  // reclaim old snapshots now and then
        return std::chrono::milliseconds(session.timeout_ms(MainLoop::Clock::now()));
    });
    // Hot-plug: udev reports USB audio interfaces, the device manager bridges and patches them.
    std::set<std::string> config_names;
    for (const core::Source& s : config.graph.sources) config_names.insert(s.name);
    for (const core::Mix& m : config.graph.mixes) config_names.insert(m.name);
    std::optional<devices::DeviceStore> store;
    if (auto dir = devices::DeviceStore::default_dir()) store.emplace(*dir);
    else log::warning("no home directory: device settings will not be saved");
    jack::BridgeSettings bridges;
    bridges.server = session_options.server;
    bridges.period = config.jack.bridge_period;
    bridges.fragments = config.jack.bridge_nperiods;
    daemon::apply_bridge_environment(bridges);
    // The cards' ALSA controls: made before the device manager, which asks them for its profiles to its end.
    devices::DeviceControls hardware(loop, session, daemon::alsa_config_from_environment());
    devices::DeviceManager devices(loop, session, std::move(store), bridges, config_names);
    devices.hardware_state = [&](const std::string& identity) { return hardware.saved_state(identity); };
    const auto device_json = [&](const devices::DeviceChange& d) {
        control::DeviceRecord r = devices::device_record(d);
        r.controls = hardware.controls_count(d.device.identity());
        r.direct_monitor = hardware.direct_monitor(d.device.identity());
        return r;
    };
    control.handler().devices = [&] {
        std::vector<control::DeviceRecord> list;
        for (const devices::DeviceChange& d : devices.present()) list.push_back(device_json(d));
        return list;
    };
    devices.on_device_change = [&](const devices::DeviceChange& c) {
        const bool added = c.kind == devices::DeviceChange::Kind::Added;
        if (added) hardware.open(c);
        else hardware.close(c.device.identity());
        control.on_device(added ? "added" : "removed", nlohmann::json(device_json(c)));
    };
    // What the user got wrong about a control is a refusal; anything else from the card is headamp's fault.
    control.handler().list_controls = [&](const std::string& identity) {
        try {
            return hardware.list(identity);
        } catch (const devices::ControlError& e) {
            throw control::RequestError(e.what());
        }
    };
    control.handler().control = [&](const std::string& identity, const std::string& name,
                                    const std::optional<std::string>& value) {
        control::ControlRecord c;
        try {
            c = hardware.control(identity, name, value);
        } catch (const devices::ControlError& e) {
            throw control::RequestError(e.what());
        }
        if (value) {
            control.publish({{"event", "control"}, {"device", identity}, {"control", c}});
            control.publish_state("hardware control '" + c.name + "'");
        }
        return c;
    };
    control.handler().master_hardware_db = [&](const std::string& mix) { return hardware.master_hardware_db(mix); };
    control.handler().stage_master = [&](const std::string& mix, double db) -> std::optional<control::MasterWrite> {
        const auto staged = hardware.stage_master(mix, db);
        if (!staged) return std::nullopt;
        return control::MasterWrite{mix, staged->hardware, staged->before, staged->software_db};
    };
    control.handler().set_master_hardware = [&](const std::string& mix, const std::vector<long>& values) {
        return hardware.set_master_hardware(mix, values);
    };
    hardware.on_change = [&](const std::string& identity, const control::ControlRecord& c) {
        control.publish({{"event", "control"}, {"device", identity}, {"control", c}});
    };
    hardware.on_master_change = [&](const std::string& mix) {
        control.publish_state("master of mix '" + mix + "' (hardware volume changed elsewhere)");
    };
    // Between udev and the device manager: starts a JACK server on the first interface when none runs.
    jack::ServerSettings server_settings;
    server_settings.name = session_options.server;
    server_settings.rate = config.jack.server_rate;
    server_settings.period = config.jack.server_period;
    server_settings.nperiods = config.jack.server_nperiods;
    devices::ServerStarter server(loop, session, devices, server_settings, config.jack.start_server,
                                  jack::server_environment(std::getenv("DBUS_SESSION_BUS_ADDRESS") != nullptr));
    std::optional<hotplug::UdevWatcher> watcher;
    try {
        watcher.emplace();
        watcher->on_added = [&](const hotplug::Device& d) { server.add(d); };
        watcher->on_removed = [&](const hotplug::Device& d) { server.remove(d); };
        watcher->start();
        loop.watch(watcher->fd(), [&](short) {
            try {  // a device that cannot be brought in must not take the daemon down
                watcher->dispatch();
            } catch (const std::exception& e) {
                log::error("hot-plug: ", e.what());
            }
        });
    } catch (const std::exception& e) {
        watcher.reset();
        log::error("udev: ", e.what(), "; interfaces plugged in now will not be seen");
    }
    // Devices plugged through a FIFO besides udev (tests, rigs without udev): headampd(8), ENVIRONMENT.
    std::optional<hotplug::DeviceFeed> feed;
    if (const auto path = daemon::device_feed_from_environment()) {
        feed.emplace(*path);
        feed->on_added = [&](const hotplug::Device& d) { server.add(d); };
        feed->on_removed = [&](const hotplug::Device& d) { server.remove(d); };
        loop.watch(feed->fd(), [&](short) {
            try {
                feed->dispatch();
            } catch (const std::exception& e) {
                log::error("device feed: ", e.what());
            }
        });
    }
    // systemd (Type=notify): ready once the graph is up, or after a few seconds without a JACK
    // server (headampd keeps trying on its own; starting the unit should not hang on it).
    const auto started = MainLoop::Clock::now();
    bool ready = false;
    loop.add_tick([&](MainLoop::Clock::time_point now) -> std::optional<std::chrono::milliseconds> {
        if (ready) return std::nullopt;
        if (session.connected()) {
            sd_notify(0, "READY=1\nSTATUS=connected to JACK");
            ready = true;
        } else if (now - started >= std::chrono::seconds(3)) {
            sd_notify(0, "READY=1\nSTATUS=waiting for a JACK server");
            ready = true;
        }
        return ready ? std::nullopt : std::optional(std::chrono::milliseconds(50));
    });
    // Keep what the process callback touches in RAM; without the privilege it is only slower to page in.
    if (mlockall(MCL_CURRENT) != 0) log::info("mlockall: ", std::strerror(errno), " (continuing)");
    return loop.run();
}

}  // namespace

int main(int argc, char** argv) {
    const daemon::ParsedOptions parsed = daemon::parse_options(std::vector<std::string>(argv + 1, argv + argc));
    if (!parsed.error.empty()) {
        std::cerr << "headampd: " << parsed.error << "\nTry 'headampd --help'.\n";
        return 2;
    }
    const daemon::Options& o = parsed.options;
    if (o.help) {
        std::cout << daemon::usage();
        return 0;
    }
    if (o.version) {
        std::cout << "headampd " << HEADAMP_VERSION << "\n";
        return 0;
    }
    if (o.verbose) log::set_threshold(log::Level::Debug);
    try {
        return run(o);
    } catch (const state::ConfigError& e) {
        log::error(e.what());
        return 2;
    } catch (const std::exception& e) {
        log::error(e.what());
        return 1;
    }
}
