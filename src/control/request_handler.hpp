// Turns one control request into one answer, changing the daemon's state through the JackSession.
// A refused request changes nothing: every edit is made on a copy and published only when valid.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "control/output_spec.hpp"
#include "control/records.hpp"
#include "control/snapshots.hpp"
#include "control/state_json.hpp"
#include "control/subscription.hpp"
#include "core/engine.hpp"
#include "jack/jack_session.hpp"

namespace headamp::control {

struct DaemonInfo {
    std::string version;
    std::string socket;
    std::optional<std::string> server;  // JACK server name, if given
};

// The master a musician hears: the software part plus the output's hardware volume, if it has one
// (gain_staging.hpp); silence when either part is silent.
double heard_master_db(double software_db, std::optional<double> hardware_db);

// A mix's master volume on its output's hardware, staged by a request and written when it commits.
struct MasterWrite {
    std::string mix;
    std::vector<long> values;  // what the hardware volume is to hold
    std::vector<long> before;  // what it holds now, to put back
    double software_db = 0.0;  // the rest of the master, in the mix's software gain
};

class RequestHandler {
public:
    RequestHandler(jack::JackSession& session, const core::Engine& engine, Snapshots snapshots, DaemonInfo info);

    // Always returns exactly one answer object carrying the request's id (null when it had none).
    nlohmann::json handle(const nlohmann::json& request, Subscription& subscription);

    nlohmann::json status() const;
    nlohmann::json meters_event() const;

    // Called with every state event ({"event":"state",...}) after a change was made.
    std::function<void(const nlohmann::json& event)> publish;
    // The devices status lists; the hot-plug work provides it. Nothing: an empty list.
    std::function<std::vector<DeviceRecord>()> devices;
    // How DEVICE:CH1,CH2 is resolved; default: a device of `devices` (see device_match.hpp), else a JACK
    // client's playback ports.
    DevicePorts device_ports;

    // Hardware controls (the hardware-mixer work provides them; nothing: "not available"). `identity` is
    // a device of `devices`, already resolved. They throw RequestError for what the user got wrong; any
    // other exception is a fault of headamp's and answers as an internal error.
    std::function<std::vector<ControlRecord>(const std::string& identity)> list_controls;
    std::function<ControlRecord(const std::string& identity, const std::string& name,
                                const std::optional<std::string>& value)>
        control;
    // Hardware-first gain staging: the dB a mix's output hardware volume gives now (nothing: software
    // only); how a requested master splits into that volume's values and a software part, nothing written
    // (nothing: software only); and writing the volume (false: the card refused). The master users see is
    // the sum.
    std::function<std::optional<double>(const std::string& mix)> master_hardware_db;
    std::function<std::optional<MasterWrite>(const std::string& mix, double master_db)> stage_master;
    std::function<bool(const std::string& mix, const std::vector<long>& values)> set_master_hardware;

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

private:
    nlohmann::json dispatch(const class Request& request, Subscription& subscription);
    std::optional<std::vector<std::string>> jack_playback_ports(const std::string& client) const;

    jack::JackSession& session_;
    const core::Engine& engine_;
    Snapshots snapshots_;
    DaemonInfo info_;
};

}  // namespace headamp::control
