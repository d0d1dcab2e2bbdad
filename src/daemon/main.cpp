// headampd: wiring only. Options, config, engine, JACK session, and the one poll loop that drives them.

#include <cstdlib>
#include <iostream>
#include <optional>

#include "control/control_service.hpp"
#include "core/engine.hpp"
#include "daemon/device_sources.hpp"
#include "daemon/environment.hpp"
#include "daemon/options.hpp"
#include "daemon/pipewire_libjack.hpp"
#include "daemon/pipewire_watch.hpp"
#include "daemon/readiness.hpp"
#include "daemon/session_watch.hpp"
#include "daemon/settings.hpp"
#include "daemon/stop_signals.hpp"
#include "devices/device_controls.hpp"
#include "devices/device_manager.hpp"
#include "devices/present_devices.hpp"
#include "devices/server_starter.hpp"
#include "devices/station_watch.hpp"
#include "jack/audio_stack.hpp"
#include "jack/jack_session.hpp"
#include "jack/server_command.hpp"
#include "remote/announce.hpp"
#include "remote/osc_service.hpp"
#include "remote/page_service.hpp"
#include "remote/token_store.hpp"
#include "state/config.hpp"
#include "util/log.hpp"
#include "util/main_loop.hpp"
#include "util/memory_lock.hpp"

using namespace headamp;

namespace {

int run(const daemon::Options& o) {
    const state::Config config = daemon::load_config(o);
    daemon::StopSignals signals;  // before any thread exists
    MainLoop loop;
    signals.stop(loop);

    const jack::SessionOptions session_options = daemon::session_options(o, config);
    // JACK2 or PipeWire: under PipeWire, a card's ports are found through headamp's own PipeWire
    // connection, and neither jackd nor a bridge is ever started.
    const jack::AudioStack stack = jack::detect_audio_stack();
    log::notice("libjack is ", stack.pipewire() ? "PipeWire's " : "JACK2's ", stack.version);
    std::unique_ptr<daemon::PipeWireWatch> pipewire;
    if (stack.pipewire()) {
        daemon::apply_pipewire_quantum(config);
        pipewire = std::make_unique<daemon::PipeWireWatch>(loop, config.pipewire.pro_audio);
    }
    core::Engine engine(48000.0);
    jack::JackSession session(session_options, engine, config.graph,
                              jack::PortBindings{config.source_ports, config.mix_outputs},
                              daemon::card_port_finder(pipewire.get()));
    daemon::SessionWatch session_watch(loop, session);
    if (pipewire) pipewire->on_lost = [&session] { session.server_gone("PipeWire went away"); };

    // Hot-plug: the cards' ALSA controls (made before the device manager, which asks them for its
    // profiles to its end), the device manager that bridges and patches devices, and the two joined.
    devices::DeviceControls hardware(loop, session, daemon::alsa_config_from_environment());
    devices::DeviceManager manager(loop, session, daemon::device_store(),
                                   daemon::bridge_settings(session_options, config), daemon::config_names(config));
    if (stack.pipewire()) manager.use_stack_ports_only();
    // Declared before `present`, which asks it for a station's latency, so that it outlives it.
    std::optional<devices::StationWatch> stations;
    devices::PresentDevices present(manager, hardware);
    if (pipewire) {
        // In a desktop profile PipeWire drives the card's output volume; `headamp devices` says how it is.
        hardware.volume_driven_elsewhere = [&pipewire](int card) { return pipewire->drives_volume(card); };
        present.describe_pipewire = [&pipewire, &session](int card) {
            return pipewire->describe(card, session.client() ? session.client()->buffer_size() : 0);
        };
    }

    remote::TokenStore tokens(remote::TokenStore::default_file());  // the remote links' secrets
    control::ControlService control(loop, session, engine, {o.socket, session_options.server, HEADAMP_VERSION},
                                    hardware, present);
    control.handler().set_remote_tokens(tokens);
    hardware.announce_to(control);
    present.announce_to(control);
    remote::OscService osc(loop, control, daemon::osc_options(config));  // control surfaces, if [osc] asks
    remote::Announcer announcer(loop);  // on the LAN through avahi-daemon, when one runs
    announcer.set_osc_port(daemon::announced_osc_port(config, control.handler().osc_port()));
    // Phones, if [remote] asks; a link's token (remote-tokens.json in the state dir) decides what it may touch.
    remote::PageService page(loop, control, daemon::page_options(config),
                             [&tokens](std::string_view token) { return tokens.scope_for(token); });
    announcer.set_http_port(daemon::announced_page_port(config, page.address().has_value()));

    // Between udev and the device manager: starts a JACK server on the first interface when none runs.
    devices::ServerStarter server(loop, session, manager, daemon::server_settings(session_options, config),
                                  config.jack.start_server,
                                  jack::server_environment(std::getenv("DBUS_SESSION_BUS_ADDRESS") != nullptr));
    if (stack.pipewire()) {
        server.never_start("PipeWire holds every card and serves headampd's JACK clients itself");
    } else if (const auto socket = daemon::pipewire_socket_from_environment()) {
        log::warning("PipeWire is running (", *socket, ") but this libjack is JACK2's: run headampd through pw-jack");
        server.never_start("PipeWire is running and holds the cards: jackd would fight it");
    }
    daemon::DeviceSources sources(loop, server);
    if (config.network.stations) {
        stations.emplace(
            loop, session, manager, [&server] { return server.pid().has_value(); },
            session_options.server.value_or(""));
        present.station_latency = [&stations](const std::string& name) { return stations->latency(name); };
    }
    daemon::Readiness readiness(loop, session);

    // Keep what the process callback touches in RAM; without the privilege it is only slower to page in.
    const MemoryLock locked = lock_realtime_memory();
    if (!locked.error.empty()) log::info(locked.error, " (continuing)");
    log::debug("locked in RAM: ", locked.locked_kb, " kB of the real-time path's mappings, the rest as it is touched");
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
    // On a PipeWire desktop with JACK2's libjack loaded (plain headampd, as the user unit runs it).
    daemon::start_again_on_pipewire_libjack(argv, o.server);
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
