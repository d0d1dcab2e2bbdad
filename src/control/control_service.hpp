// The daemon's control room in one piece: socket server + request handler + meter timer, registered
// with the main loop. main() makes one and forwards JACK connection changes and device events to it.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "control/control_server.hpp"
#include "control/request_handler.hpp"
#include "core/engine.hpp"
#include "jack/jack_session.hpp"
#include "util/main_loop.hpp"

namespace headamp::control {

struct ServiceOptions {
    std::optional<std::string> socket;  // --socket PATH; else see paths.hpp
    std::optional<std::string> server;  // JACK server name, for status
    std::string version;
};

class ControlService {
public:
    // When the socket cannot be set up (e.g. another daemon has it) the error is logged and the daemon
    // runs on without remote control: the music must not stop for want of a socket.
    ControlService(MainLoop& loop, jack::JackSession& session, const core::Engine& engine, ServiceOptions options);
    ~ControlService();
    ControlService(const ControlService&) = delete;
    ControlService& operator=(const ControlService&) = delete;

    RequestHandler& handler() { return *handler_; }

    // Tells subscribers: {"event":"jack","connected":..,...}.
    void on_jack_connection(bool connected);
    // For the hot-plug work: action "added" or "removed", device as it appears in status.
    void on_device(const std::string& action, const nlohmann::json& device);
    // Tells subscribers any other event (e.g. {"event":"control",...} for a hardware control).
    void publish(const nlohmann::json& event);
    // Tells subscribers the state as it is now ({"event":"state","change":change,...}).
    void publish_state(const std::string& change);

private:
    MainLoop& loop_;
    std::unique_ptr<RequestHandler> handler_;
    std::unique_ptr<ControlServer> server_;
    int tick_ = -1;
};

}  // namespace headamp::control
