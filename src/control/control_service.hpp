// The daemon's control room in one piece: socket server + request handler + meter timer, registered
// with the main loop; the subscribers' EventSink, and told by the JackSession when it (dis)connects.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "control/control_server.hpp"
#include "control/event_sink.hpp"
#include "control/request_handler.hpp"
#include "control/session_graph_store.hpp"
#include "core/engine.hpp"
#include "jack/jack_session.hpp"
#include "util/main_loop.hpp"

namespace headamp::control {

struct ServiceOptions {
    std::optional<std::string> socket;  // --socket PATH; else see paths.hpp
    std::optional<std::string> server;  // JACK server name, for status
    std::string version;
};

class ControlService final : public EventSink {
public:
    // When the socket cannot be set up (e.g. another daemon has it) the error is logged and the daemon
    // runs on without remote control: the music must not stop for want of a socket.
    ControlService(MainLoop& loop, jack::JackSession& session, const core::Engine& engine, ServiceOptions options,
                   HardwareMixer& hardware, const DeviceDirectory& devices);
    ~ControlService() override;
    ControlService(const ControlService&) = delete;
    ControlService& operator=(const ControlService&) = delete;

    RequestHandler& handler() { return *handler_; }

    // Another surface (OSC) hears every event the socket's subscribers get; returns an id for
    // remove_listener.
    using Listener = std::function<void(const nlohmann::json& event)>;
    int add_listener(Listener listener);
    void remove_listener(int id);

    // Tells subscribers: {"event":"jack","connected":..,...}, then the state as it is now.
    void on_jack_connection(bool connected);

    // {"event":"device","action":..,"device":{...}}
    void device_changed(const std::string& action, const DeviceRecord& device) override;
    // {"event":"control","device":identity,"control":{...}}
    void control_changed(const std::string& identity, const ControlRecord& control) override;
    // {"event":"state","change":change,"sources":[...],"mixes":[...]}
    void state_changed(const std::string& change) override;

private:
    void publish(const nlohmann::json& event);  // to the socket's subscribers and the listeners

    MainLoop& loop_;
    jack::JackSession& session_;
    SessionGraphStore store_;
    std::unique_ptr<RequestHandler> handler_;
    std::unique_ptr<ControlServer> server_;
    int tick_ = -1;
    std::map<int, Listener> listeners_;
    int next_listener_ = 0;
};

}  // namespace headamp::control
