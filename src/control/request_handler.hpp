// Turns one control request into one answer, changing the daemon's state through its GraphStore.
// A refused request changes nothing: every edit is made on a copy and published only when valid.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "control/device_directory.hpp"
#include "control/event_sink.hpp"
#include "control/graph_store.hpp"
#include "control/hardware_mixer.hpp"
#include "control/operations.hpp"
#include "control/remote_tokens.hpp"
#include "control/snapshots.hpp"
#include "control/state_json.hpp"
#include "control/subscription.hpp"
#include "core/engine.hpp"

namespace headamp::control {

struct DaemonInfo {
    std::string version;
    std::string socket;
    std::optional<std::string> server;  // JACK server name, if given
};

// The master a musician hears: the software part plus the output's hardware volume, if it has one
// (gain_staging.hpp); silence when either part is silent.
double heard_master_db(double software_db, std::optional<double> hardware_db);

// What the handler reaches besides the graph: the cards' controls, the devices present, and the
// subscribers it tells about changes (each a NoHardwareMixer, NoDevices, NoEvents where absent).
struct HandlerParts {
    HardwareMixer& hardware;
    const DeviceDirectory& devices;
    EventSink& events;
};

class RequestHandler {
public:
    RequestHandler(GraphStore& store, const core::Engine& engine, Snapshots snapshots, DaemonInfo info,
                   HandlerParts parts);

    // Always returns exactly one answer object carrying the request's id (null when it had none).
    // `caller`: only the local control socket may see and renew the remote links.
    nlohmann::json handle(const nlohmann::json& request, Subscription& subscription, Caller caller = Caller::lan);

    nlohmann::json status() const;
    // The OSC server's UDP port while it listens, for status.
    void set_osc_port(std::optional<int> port) { osc_port_ = port; }
    std::optional<int> osc_port() const { return osc_port_; }
    // The phone page's base URL ("http://HOST:PORT/") once its server has bound, nothing while the page
    // is off; the `remote` operation builds the links from it.
    void set_page_address(std::optional<std::string> base) { page_address_ = std::move(base); }
    const std::optional<std::string>& page_address() const { return page_address_; }
    // The remote links' tokens (remote/TokenStore in headampd); until set, a NoRemoteTokens.
    void set_remote_tokens(RemoteTokens& tokens) { tokens_ = &tokens; }
    RemoteTokens& remote_tokens() const { return *tokens_; }
    nlohmann::json meters_event() const;

    // `state` ({"mixes":[...]} as state_to_json makes it) with each master as the user sees it.
    void add_hardware_masters(nlohmann::json& state) const;

    // For the operations (operations.cpp): the state as it is, publishing a changed copy of it, and the
    // snapshot files.
    State current() const;
    // Makes `next` and the `hardware` writes real together, then tells subscribers what changed: checks
    // everything first, writes the hardware (put back if the graph is then refused), publishes the graph,
    // then the bindings. Throws RequestError having changed nothing.
    void commit(const State& next, const std::string& change, const std::vector<MasterWrite>& hardware = {});
    const Snapshots& snapshots() const { return snapshots_; }
    HardwareMixer& hardware() const { return parts_.hardware; }
    const DeviceDirectory& devices() const { return parts_.devices; }
    EventSink& events() const { return parts_.events; }

    // The playback ports DEVICE:CH1,CH2 means: a device present (see device_match.hpp), else a JACK
    // client's input ports (e.g. "system"); nothing when neither exists.
    std::optional<std::vector<std::string>> device_ports(const std::string& device) const;

private:
    nlohmann::json dispatch(const class Request& request, Subscription& subscription, Caller caller);

    GraphStore& store_;
    const core::Engine& engine_;
    Snapshots snapshots_;
    DaemonInfo info_;
    std::optional<int> osc_port_;
    std::optional<std::string> page_address_;
    NoRemoteTokens no_tokens_;
    RemoteTokens* tokens_ = &no_tokens_;
    HandlerParts parts_;
};

}  // namespace headamp::control
