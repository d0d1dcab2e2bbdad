// The parts' settings from the command line and the config (see settings.hpp).
#include "daemon/settings.hpp"

#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>

#include "daemon/environment.hpp"
#include "jack/serial_port_finder.hpp"
#include "util/log.hpp"

namespace headamp::daemon {

state::Config load_config(const Options& o) {
    if (o.config_file) return state::load_config(*o.config_file);
    const std::filesystem::path path = state::default_config_path();
    if (std::filesystem::exists(path)) return state::load_config(path);
    log::info("no config file at ", path.string(), "; using the defaults");
    return {};
}

jack::SessionOptions session_options(const Options& o, const state::Config& config) {
    jack::SessionOptions session;
    session.client_name = o.client_name;
    session.server = o.server ? o.server : config.jack.server;
    session.connect_physical = config.jack.connect_physical;
    return session;
}

jack::BridgeSettings bridge_settings(const jack::SessionOptions& session, const state::Config& config) {
    jack::BridgeSettings bridges;
    bridges.server = session.server;
    bridges.period = config.jack.bridge_period;
    bridges.fragments = config.jack.bridge_nperiods;
    apply_bridge_environment(bridges);
    return bridges;
}

jack::ServerSettings server_settings(const jack::SessionOptions& session, const state::Config& config) {
    jack::ServerSettings server;
    server.name = session.server;
    server.rate = config.jack.server_rate;
    server.period = config.jack.server_period;
    server.nperiods = config.jack.server_nperiods;
    return server;
}

std::optional<remote::OscOptions> osc_options(const state::Config& config) {
    if (!config.osc.port) return std::nullopt;
    remote::OscOptions osc{*config.osc.port, config.osc.listen, {}};
    for (const std::string& a : config.osc.allow)
        if (auto network = parse_ip_network(a)) osc.allow.push_back(*network);  // checked when the file was read
    return osc;
}

std::optional<remote::PageOptions> page_options(const state::Config& config) {
    if (!config.remote.listen) return std::nullopt;
    const std::optional<IpEndpoint> listen = parse_ip_endpoint(*config.remote.listen);  // checked when read
    if (!listen) return std::nullopt;
    return remote::PageOptions{*listen, config.remote.max_per_address};
}

std::optional<int> announced_osc_port(const state::Config& config, std::optional<int> bound) {
    const std::optional<IpNetwork> a = parse_ip_address(config.osc.listen);
    return a && is_loopback(*a) ? std::nullopt : bound;
}

std::optional<int> announced_page_port(const state::Config& config, bool served) {
    if (!served || !config.remote.listen) return std::nullopt;
    const std::optional<IpEndpoint> listen = parse_ip_endpoint(*config.remote.listen);
    return listen && !is_loopback(listen->address) ? std::optional<int>(listen->port) : std::nullopt;
}

std::set<std::string> config_names(const state::Config& config) {
    std::set<std::string> names;
    for (const core::Source& s : config.graph.sources) names.insert(s.name);
    for (const core::Mix& m : config.graph.mixes) names.insert(m.name);
    return names;
}

void apply_pipewire_quantum(const state::Config& config) {
    if (!config.pipewire.quantum) return;
    const std::string quantum =
        std::to_string(*config.pipewire.quantum) + "/" + std::to_string(config.jack.server_rate);
    setenv("PIPEWIRE_QUANTUM", quantum.c_str(), 1);
    log::notice("asking PipeWire for a quantum of ", quantum, " ([pipewire] quantum)");
}

std::unique_ptr<const jack::CardPortFinder> card_port_finder(const PipeWireWatch* pipewire) {
    if (!pipewire) return std::make_unique<jack::AlsaAliasFinder>();
    return std::make_unique<jack::SerialPortFinder>(
        [pipewire](int card_number) { return pipewire->card_serials(card_number); });
}

std::optional<devices::DeviceStore> device_store() {
    if (auto dir = devices::DeviceStore::default_dir()) return devices::DeviceStore(*dir);
    log::warning("no home directory: device settings will not be saved");
    return std::nullopt;
}

}  // namespace headamp::daemon
