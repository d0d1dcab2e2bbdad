// Request handling (see request_handler.hpp).
#include "control/request_handler.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>

#include "control/device_match.hpp"
#include "control/json_text.hpp"
#include "control/records_json.hpp"
#include "control/request.hpp"
#include "core/db.hpp"
#include "util/log.hpp"

namespace headamp::control {

using nlohmann::json;

namespace {

double meter_db(float linear) {
    const double db = core::gain_to_db(linear);
    return std::isfinite(db) ? std::max(db, core::kSilenceDb) : core::kSilenceDb;
}

}  // namespace

double heard_master_db(double software_db, std::optional<double> hardware_db) {
    if (!hardware_db) return software_db;
    return software_db <= core::kSilenceDb || !std::isfinite(*hardware_db) ? core::kSilenceDb
                                                                           : software_db + *hardware_db;
}

RequestHandler::RequestHandler(GraphStore& store, const core::Engine& engine, Snapshots snapshots, DaemonInfo info,
                               HandlerParts parts)
    : store_(store), engine_(engine), snapshots_(std::move(snapshots)), info_(std::move(info)), parts_(parts) {}

// A USB device by name, card id, identity or card number; else a JACK client (e.g. "system").
std::optional<std::vector<std::string>> RequestHandler::device_ports(const std::string& device) const {
    const std::vector<DeviceRecord> present = devices().present();
    if (const auto i = match_device(present, device)) {
        const DeviceRecord& d = present[*i];
        if (d.playback_ports.empty())
            throw RequestError("device " + quote(device) + " has no playback channels in the graph (yet)");
        return d.playback_ports;
    }
    std::vector<std::string> ports = store_.playback_ports(device);
    if (ports.empty()) return std::nullopt;
    return ports;
}

State RequestHandler::current() const { return {store_.graph(), store_.bindings()}; }

void RequestHandler::commit(const State& next, const std::string& change, const std::vector<MasterWrite>& hardware) {
    const State before = current();
    const bool hardware_changes =
        std::any_of(hardware.begin(), hardware.end(), [](const MasterWrite& w) { return w.values != w.before; });
    if (next.graph == before.graph && next.bindings == before.bindings && !hardware_changes) return;
    if (auto error = core::validate(next.graph)) throw RequestError(*error);
    std::vector<const MasterWrite*> written;
    const auto put_back = [&] {
        for (auto w = written.rbegin(); w != written.rend(); ++w)
            parts_.hardware.set_master_hardware((*w)->mix, (*w)->before);
    };
    for (const MasterWrite& w : hardware) {
        if (w.values == w.before) continue;
        if (!parts_.hardware.set_master_hardware(w.mix, w.values)) {
            put_back();
            throw RequestError("the card refused the hardware volume of mix " + quote(w.mix));
        }
        written.push_back(&w);
    }
    if (next.graph != before.graph)
        if (auto error = store_.set_graph(next.graph)) {
            put_back();
            throw RequestError(*error);
        }
    if (next.bindings != before.bindings) store_.set_bindings(next.bindings);
    parts_.events.state_changed(change);
}

json RequestHandler::status() const {
    const JackInfo jack = store_.jack();
    const JackRecord jack_record{jack.connected,   jack.xruns,       info_.server, jack.client,
                                 jack.sample_rate, jack.buffer_size, jack.stack,   jack.stack_version};
    json out = state_to_json(store_.graph(), store_.bindings());
    out["daemon"] = {{"version", info_.version}, {"pid", getpid()}, {"socket", info_.socket}};
    if (osc_port_) out["daemon"]["osc_port"] = *osc_port_;
    if (page_address_) out["daemon"]["page"] = *page_address_;
    out["jack"] = jack_record;
    out["devices"] = json(devices().present());
    add_hardware_masters(out);
    return out;
}

void RequestHandler::add_hardware_masters(json& state) const {
    if (!state.contains("mixes")) return;
    for (json& m : state["mixes"]) {
        const auto hw = parts_.hardware.master_hardware_db(m["name"].get<std::string>());
        if (!hw) continue;
        const double sw = m["master_db"].get<double>();
        m["master_hardware_db"] = std::isfinite(*hw) ? json(*hw) : json(nullptr);
        m["master_software_db"] = sw;
        m["master_db"] = heard_master_db(sw, hw);
    }
}

json RequestHandler::meters_event() const {
    const core::Meters& m = engine_.meters();
    const core::Graph& g = store_.graph();
    MetersRecord meters;
    for (const core::Source& s : g.sources) {
        MeterRecord& meter = meters.sources.emplace_back(MeterRecord{s.name, {}, {}});
        for (int i = 0; i < (s.stereo() ? 2 : 1); ++i) {
            const core::MeterReading r =
                m.channel[static_cast<std::size_t>(s.channels[static_cast<std::size_t>(i)])].read();
            meter.peak_db.push_back(meter_db(r.peak));
            meter.rms_db.push_back(meter_db(r.rms));
        }
    }
    for (const core::Mix& mix : g.mixes) {
        MeterRecord& meter = meters.mixes.emplace_back(MeterRecord{mix.name, {}, {}});
        for (int side = 0; side < 2; ++side) {
            const core::MeterReading r =
                m.mix[static_cast<std::size_t>(mix.slot)][static_cast<std::size_t>(side)].read();
            meter.peak_db.push_back(meter_db(r.peak));
            meter.rms_db.push_back(meter_db(r.rms));
        }
    }
    return meters;  // {"event": "meters", "sources", "mixes"}
}

json RequestHandler::handle(const json& request, Subscription& subscription, Caller caller) {
    json id = nullptr;
    if (request.is_object() && request.contains("id")) id = request.at("id");
    try {
        if (!id.is_null() && !id.is_number_integer() && !id.is_string())
            throw RequestError("field 'id' must be an integer or a string");
        const Request r(request);
        json answer = dispatch(r, subscription, caller);
        answer["id"] = id;
        answer["ok"] = true;
        return answer;
    } catch (const RequestError& e) {
        return {{"id", id.is_number_integer() || id.is_string() ? id : json(nullptr)}, {"error", e.what()}};
    } catch (const std::exception& e) {
        // A fault of headamp's, not the request's: said as such, and logged for the bug report.
        log::error("control request ", json_text(request), " failed: ", e.what());
        return {{"id", id.is_number_integer() || id.is_string() ? id : json(nullptr)},
                {"error", std::string("internal error: ") + e.what()}};
    }
}

json RequestHandler::dispatch(const Request& r, Subscription& subscription, Caller caller) {
    const Operation& op = find_operation(r.op());
    r.allow_only(op.fields);
    return op.run({*this, r, subscription, caller});
}

}  // namespace headamp::control
