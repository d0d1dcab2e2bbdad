// Wiring of the control room into the main loop (see control_service.hpp).
#include "control/control_service.hpp"

#include "control/paths.hpp"
#include "control/records_json.hpp"
#include "util/log.hpp"

namespace headamp::control {

ControlService::ControlService(MainLoop& loop, jack::JackSession& session, const core::Engine& engine,
                               ServiceOptions options, HardwareMixer& hardware, const DeviceDirectory& devices)
    : loop_(loop), session_(session), store_(session) {
    const std::filesystem::path path = socket_path(options.socket);
    handler_ = std::make_unique<RequestHandler>(store_, engine, Snapshots(snapshot_dir()),
                                                DaemonInfo{options.version, path.string(), options.server},
                                                HandlerParts{hardware, devices, *this});
    session_.on_connection_change = [this](bool connected) { on_jack_connection(connected); };
    try {
        server_ = std::make_unique<ControlServer>(loop_, path, [this](const nlohmann::json& request, Subscription& s) {
            return handler_->handle(request, s, Caller::local_socket);
        });
    } catch (const std::exception& e) {
        // The audio matters more than the remote control: keep playing, say loudly what is missing.
        log::error("no control socket: ", e.what(), "; headamp(1) cannot reach this daemon");
        return;
    }
    tick_ = loop_.add_tick([this](MainLoop::Clock::time_point) {
        return server_->send_due_meters([this] { return handler_->meters_event(); });
    });
}

ControlService::~ControlService() {
    session_.on_connection_change = nullptr;
    if (tick_ >= 0) loop_.remove_tick(tick_);
}

int ControlService::add_listener(Listener listener) {
    listeners_[next_listener_] = std::move(listener);
    return next_listener_++;
}

void ControlService::remove_listener(int id) { listeners_.erase(id); }

void ControlService::publish(const nlohmann::json& event) {
    if (server_) server_->publish(event);
    for (const auto& [id, listener] : std::map<int, Listener>(listeners_)) listener(event);
}

void ControlService::on_jack_connection(bool connected) {
    if (!server_ && listeners_.empty()) return;
    nlohmann::json event = handler_->status()["jack"];
    event["event"] = "jack";
    event["connected"] = connected;
    publish(event);
    // A (re)connection may have applied the default patch: subscribers need the state as it is now.
    nlohmann::json state = handler_->status();
    nlohmann::json e = {{"event", "state"},
                        {"change", connected ? "JACK connected" : "JACK disconnected"},
                        {"sources", state["sources"]},
                        {"mixes", state["mixes"]}};
    publish(e);
}

void ControlService::device_changed(const std::string& action, const DeviceRecord& device) {
    if (server_ || !listeners_.empty()) publish({{"event", "device"}, {"action", action}, {"device", device}});
}

void ControlService::control_changed(const std::string& identity, const ControlRecord& control) {
    if (server_ || !listeners_.empty()) publish({{"event", "control"}, {"device", identity}, {"control", control}});
}

void ControlService::state_changed(const std::string& change) {
    if (!server_ && listeners_.empty()) return;
    nlohmann::json state = handler_->status();
    publish({{"event", "state"}, {"change", change}, {"sources", state["sources"]}, {"mixes", state["mixes"]}});
}

}  // namespace headamp::control
