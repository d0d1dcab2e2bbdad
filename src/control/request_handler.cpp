// Request handling (see request_handler.hpp).
#include "control/request_handler.hpp"

#include <unistd.h>

#include <cmath>

#include "control/device_match.hpp"
#include "control/graph_edits.hpp"
#include "control/name_match.hpp"
#include "control/request.hpp"
#include "core/db.hpp"

namespace headamp::control {

using nlohmann::json;

namespace {

std::vector<std::string> source_names(const core::Graph& g) {
    std::vector<std::string> names;
    for (const core::Source& s : g.sources) names.push_back(s.name);
    return names;
}

std::vector<std::string> mix_names(const core::Graph& g) {
    std::vector<std::string> names;
    for (const core::Mix& m : g.mixes) names.push_back(m.name);
    return names;
}

bool apply_switch(bool current, Switch s) { return s == Switch::Toggle ? !current : s == Switch::On; }

double meter_db(float linear) {
    const double db = core::gain_to_db(linear);
    return std::isfinite(db) ? std::max(db, core::kSilenceDb) : core::kSilenceDb;
}

json send_json(const std::string& source, const core::Send& s) {
    return {{"source", source},
            {"level_db", s.level_db <= core::kSilenceDb ? core::kSilenceDb : s.level_db},
            {"pan", s.pan},
            {"mute", s.mute},
            {"solo", s.solo}};
}

// The master a musician hears: the software part plus the output's hardware volume, if it has one
// (gain_staging.hpp); silence when either part is silent.
double heard_master_db(double software_db, std::optional<double> hardware_db) {
    if (!hardware_db) return software_db;
    return software_db <= core::kSilenceDb || !std::isfinite(*hardware_db) ? core::kSilenceDb
                                                                            : software_db + *hardware_db;
}

core::EqBand& band_of(core::Eq& eq, const std::string& band) {
    if (band == "low") return eq.low;
    if (band == "mid") return eq.mid;
    if (band == "high") return eq.high;
    throw RequestError("EQ band " + quote(band) + " does not exist; valid: low, mid, high");
}

}  // namespace

RequestHandler::RequestHandler(jack::JackSession& session, const core::Engine& engine, Snapshots snapshots,
                               DaemonInfo info)
    : session_(session), engine_(engine), snapshots_(std::move(snapshots)), info_(std::move(info)) {
    // A USB device by name, card id, identity or card number; else a JACK client (e.g. "system").
    device_ports = [this](const std::string& device) -> std::optional<std::vector<std::string>> {
        if (devices) {
            const json present = devices();
            if (const auto i = match_device(present, device)) {
                const json& d = present[*i];
                if (!d.contains("playback_ports") || d["playback_ports"].empty())
                    throw RequestError("device " + quote(device) + " has no playback channels in the graph (yet)");
                return d["playback_ports"].get<std::vector<std::string>>();
            }
        }
        return jack_playback_ports(device);
    };
}

State RequestHandler::current() const { return {session_.graph(), session_.bindings()}; }

void RequestHandler::commit(const State& next, const std::string& change) {
    const State before = current();
    if (next.graph == before.graph && next.bindings == before.bindings) return;
    if (auto error = core::validate(next.graph)) throw RequestError(*error);
    if (next.graph != before.graph)
        if (auto error = session_.set_graph(next.graph)) throw RequestError(*error);
    if (next.bindings != before.bindings) session_.set_bindings(next.bindings);
    if (publish) {
        json event = state_to_json(session_.graph(), session_.bindings());
        add_hardware_masters(event);
        event["event"] = "state";
        event["change"] = change;
        publish(event);
    }
}

std::optional<std::vector<std::string>> RequestHandler::jack_playback_ports(const std::string& client) const {
    if (!session_.client()) return std::nullopt;
    std::vector<std::string> out = session_.client()->ports(jack::PortDirection::Input, client);
    if (out.empty()) return std::nullopt;
    return out;
}

json RequestHandler::status() const {
    json jack_json = {{"connected", session_.connected()}, {"xruns", session_.xruns()}};
    jack_json["server"] = info_.server ? json(*info_.server) : json(nullptr);
    if (const jack::JackClient* c = session_.client()) {
        jack_json["client"] = c->name();
        jack_json["sample_rate"] = c->sample_rate();
        jack_json["buffer_size"] = c->buffer_size();
    }
    json out = state_to_json(session_.graph(), session_.bindings());
    out["daemon"] = {{"version", info_.version}, {"pid", getpid()}, {"socket", info_.socket}};
    out["jack"] = jack_json;
    out["devices"] = devices ? devices() : json::array();
    add_hardware_masters(out);
    return out;
}

void RequestHandler::add_hardware_masters(json& state) const {
    if (!master_hardware_db || !state.contains("mixes")) return;
    for (json& m : state["mixes"]) {
        const auto hw = master_hardware_db(m["name"].get<std::string>());
        if (!hw) continue;
        const double sw = m["master_db"].get<double>();
        m["master_hardware_db"] = std::isfinite(*hw) ? json(*hw) : json(nullptr);
        m["master_software_db"] = sw;
        m["master_db"] = heard_master_db(sw, hw);
    }
}

json RequestHandler::meters_event() const {
    const core::Meters& m = engine_.meters();
    const core::Graph& g = session_.graph();
    json sources = json::array();
    for (const core::Source& s : g.sources) {
        json peak = json::array(), rms = json::array();
        for (int i = 0; i < (s.stereo() ? 2 : 1); ++i) {
            const core::MeterReading r = m.channel[static_cast<std::size_t>(s.channels[static_cast<std::size_t>(i)])].read();
            peak.push_back(meter_db(r.peak));
            rms.push_back(meter_db(r.rms));
        }
        sources.push_back({{"name", s.name}, {"peak_db", peak}, {"rms_db", rms}});
    }
    json mixes = json::array();
    for (const core::Mix& mix : g.mixes) {
        json peak = json::array(), rms = json::array();
        for (int side = 0; side < 2; ++side) {
            const core::MeterReading r = m.mix[static_cast<std::size_t>(mix.slot)][static_cast<std::size_t>(side)].read();
            peak.push_back(meter_db(r.peak));
            rms.push_back(meter_db(r.rms));
        }
        mixes.push_back({{"name", mix.name}, {"peak_db", peak}, {"rms_db", rms}});
    }
    return {{"event", "meters"}, {"sources", sources}, {"mixes", mixes}};
}

json RequestHandler::handle(const json& request, Subscription& subscription) {
    json id = nullptr;
    if (request.is_object() && request.contains("id")) id = request.at("id");
    try {
        if (!id.is_null() && !id.is_number_integer() && !id.is_string())
            throw RequestError("field 'id' must be an integer or a string");
        const Request r(request);
        json answer = dispatch(r, subscription);
        answer["id"] = id;
        answer["ok"] = true;
        return answer;
    } catch (const RequestError& e) {
        return {{"id", id.is_number_integer() || id.is_string() ? id : json(nullptr)}, {"error", e.what()}};
    }
}

json RequestHandler::dispatch(const Request& r, Subscription& subscription) {
    const std::string& op = r.op();
    if (op == "status") {
        r.allow_only({});
        return status();
    }
    if (op == "meters") {
        r.allow_only({});
        json m = meters_event();
        m.erase("event");
        return m;
    }
    if (op == "set") {
        r.allow_only({"mix", "source", "level_db", "level_step_db", "mute", "solo", "pan", "pan_step"});
        State next = current();
        core::Mix& mix = next.graph.mixes[match_name(mix_names(next.graph), r.string("mix"), "mix")];
        const std::string source = next.graph.sources[match_name(source_names(next.graph), r.string("source"), "source")].name;
        const auto level = r.opt_number("level_db", core::kSilenceDb, core::kMaxSendDb);
        const auto step = r.opt_number("level_step_db", -200.0, 200.0);
        const auto mute = r.opt_switch("mute");
        const auto solo = r.opt_switch("solo");
        const auto pan = r.opt_number("pan", -1.0, 1.0);
        const auto pan_step = r.opt_number("pan_step", -2.0, 2.0);
        if (!level && !step && !mute && !solo && !pan && !pan_step)
            throw RequestError("a 'set' request needs at least one of level_db, level_step_db, mute, solo, pan, pan_step");
        if (level && step) throw RequestError("give level_db or level_step_db, not both");
        if (pan && pan_step) throw RequestError("give pan or pan_step, not both");
        core::Send send = mix.send_for(source);
        if (level) send.level_db = *level;
        if (step) send.level_db = step_level(send.level_db, *step, core::kMaxSendDb);
        if (mute) send.mute = apply_switch(send.mute, *mute);
        if (solo) send.solo = apply_switch(send.solo, *solo);
        if (pan) send.pan = *pan;
        if (pan_step) send.pan = std::clamp(send.pan + *pan_step, -1.0, 1.0);
        mix.sends[source] = send;
        const std::string mix_name = mix.name;
        commit(next, "send of '" + source + "' in mix '" + mix_name + "'");
        return {{"mix", mix_name}, {"send", send_json(source, send)}};
    }
    if (op == "master") {
        r.allow_only({"mix", "level_db", "level_step_db", "mute", "mono", "pan_law"});
        State next = current();
        core::Mix& mix = next.graph.mixes[match_name(mix_names(next.graph), r.string("mix"), "mix")];
        const auto level = r.opt_number("level_db", core::kSilenceDb, core::kMaxMasterDb);
        const auto step = r.opt_number("level_step_db", -200.0, 200.0);
        const auto mute = r.opt_switch("mute");
        const auto mono = r.opt_switch("mono");
        const auto law = r.opt_string("pan_law");
        if (!level && !step && !mute && !mono && !law)
            throw RequestError("a 'master' request needs at least one of level_db, level_step_db, mute, mono, pan_law");
        if (level && step) throw RequestError("give level_db or level_step_db, not both");
        // With a hardware output volume the user's master is hardware + software (gain_staging.hpp).
        const std::string mix_name = mix.name;
        const std::optional<double> hw = master_hardware_db ? master_hardware_db(mix_name) : std::nullopt;
        const double shown = heard_master_db(mix.master_db, hw);
        std::optional<double> wanted;
        if (level) wanted = *level;
        if (step) wanted = step_level(shown, *step, core::kMaxMasterDb);
        if (wanted) {
            const std::optional<double> sw = hw && drive_master ? drive_master(mix_name, *wanted) : std::nullopt;
            mix.master_db = sw ? std::clamp(*sw, core::kSilenceDb, core::kMaxMasterDb) : *wanted;
        }
        if (mute) mix.mute = apply_switch(mix.mute, *mute);
        if (mono) mix.mono = apply_switch(mix.mono, *mono);
        if (law) {
            const auto parsed = core::pan_law_from_string(*law);
            if (!parsed) throw RequestError("pan law " + quote(*law) + " does not exist; valid: -3dB, -6dB, 0dB");
            mix.pan_law = *parsed;
        }
        const core::Mix result = mix;
        commit(next, "master of mix '" + result.name + "'");
        json shown_state = {{"mixes", json::array({{{"name", result.name}, {"master_db", result.master_db}}})}};
        add_hardware_masters(shown_state);
        const json& shown_mix = shown_state["mixes"][0];
        json answer = {{"mix", result.name},
                {"master_db", shown_mix["master_db"].get<double>() <= core::kSilenceDb ? core::kSilenceDb
                                                                                       : shown_mix["master_db"].get<double>()},
                {"mute", result.mute},
                {"mono", result.mono},
                {"pan_law", core::to_string(result.pan_law)}};
        if (shown_mix.contains("master_hardware_db")) {
            answer["master_hardware_db"] = shown_mix["master_hardware_db"];
            answer["master_software_db"] = shown_mix["master_software_db"];
        }
        return answer;
    }
    if (op == "link" || op == "unlink") {
        r.allow_only({"source"});
        State next = current();
        const std::size_t index = match_name(source_names(next.graph), r.string("source"), "source");
        if (op == "link") link_source(next, index);
        else unlink_source(next, index);
        const std::string name = next.graph.sources[index].name;
        commit(next, op + " '" + name + "'");
        json out = {{"source", name}};
        if (op == "unlink") out["right"] = next.graph.sources[index + 1].name;
        return out;
    }
    if (op == "mix_add") {
        r.allow_only({"name", "output"});
        State next = current();
        std::optional<std::array<std::string, 2>> output;
        if (auto spec = r.opt_string("output")) output = resolve_output(parse_output_spec(*spec), device_ports);
        const std::string name = r.string("name");
        add_mix(next, name, output);
        commit(next, "added mix '" + name + "'");
        return {{"mix", name}, {"slot", next.graph.mixes.back().slot}};
    }
    if (op == "mix_remove") {
        r.allow_only({"mix"});
        State next = current();
        const std::size_t index = match_name(mix_names(next.graph), r.string("mix"), "mix");
        const std::string name = next.graph.mixes[index].name;
        remove_mix(next, index);
        commit(next, "removed mix '" + name + "'");
        return {{"mix", name}};
    }
    if (op == "mix_route") {
        r.allow_only({"mix", "output"});
        State next = current();
        const std::string name = next.graph.mixes[match_name(mix_names(next.graph), r.string("mix"), "mix")].name;
        const auto output = resolve_output(parse_output_spec(r.string("output")), device_ports);
        next.bindings.mixes[name] = output;
        commit(next, "routed mix '" + name + "'");
        return {{"mix", name}, {"output", output}};
    }
    if (op == "eq") {
        r.allow_only({"mix", "enabled", "band", "freq_hz", "gain_db", "q"});
        State next = current();
        core::Mix& mix = next.graph.mixes[match_name(mix_names(next.graph), r.string("mix"), "mix")];
        const auto enabled = r.opt_switch("enabled");
        const auto band = r.opt_string("band");
        const auto freq = r.opt_number("freq_hz", 10.0, 24000.0);
        const auto gain = r.opt_number("gain_db", -core::kMaxEqGainDb, core::kMaxEqGainDb);
        const auto q = r.opt_number("q", 0.1, 20.0);
        if ((freq || gain || q) && !band) throw RequestError("say which EQ band: field 'band' (low, mid, high)");
        if (band && !freq && !gain && !q) throw RequestError("give freq_hz, gain_db or q for the band");
        if (!enabled && !band) throw RequestError("an 'eq' request needs 'enabled' or a 'band' to change");
        if (enabled) mix.eq.enabled = apply_switch(mix.eq.enabled, *enabled);
        if (band) {
            core::EqBand& b = band_of(mix.eq, *band);
            if (freq) b.freq_hz = *freq;
            if (gain) b.gain_db = *gain;
            if (q) b.q = *q;
        }
        const core::Mix result = mix;
        commit(next, "EQ of mix '" + result.name + "'");
        return {{"mix", result.name}, {"eq", eq_to_json(result.eq)}};
    }
    if (op == "limit") {
        r.allow_only({"mix", "ceiling_db"});
        State next = current();
        core::Mix& mix = next.graph.mixes[match_name(mix_names(next.graph), r.string("mix"), "mix")];
        const auto ceiling = r.opt_number("ceiling_db", core::kMinCeilingDb, core::kMaxCeilingDb);
        if (!ceiling) throw RequestError("the 'limit' request needs the field 'ceiling_db'");
        mix.limiter_ceiling_db = *ceiling;
        const std::string name = mix.name;
        commit(next, "limiter of mix '" + name + "'");
        return {{"mix", name}, {"ceiling_db", *ceiling}};
    }
    if (op == "snapshot_save") {
        r.allow_only({"name"});
        const std::string name = r.string("name");
        json content = state_to_json(session_.graph(), session_.bindings());
        // A master is kept as the musician hears it (hardware + software), not as its software part.
        if (master_hardware_db)
            for (json& m : content["mixes"]) {
                const std::optional<double> hw = master_hardware_db(m["name"].get<std::string>());
                m["master_db"] = heard_master_db(m["master_db"].get<double>(), hw);
            }
        content["format"] = "headamp-snapshot-1";
        snapshots_.save(name, content);
        return {{"name", name}, {"file", (snapshots_.dir() / (name + ".json")).string()}};
    }
    if (op == "snapshot_load") {
        r.allow_only({"name"});
        const std::string name = r.string("name");
        const json content = snapshots_.load(name);
        State next = state_from_json(content);
        if (auto error = core::validate(next.graph)) throw RequestError("snapshot " + quote(name) + ": " + *error);
        // Masters come back staged like a 'master' request: the device's headphone volume first.
        if (master_hardware_db && drive_master)
            for (core::Mix& mix : next.graph.mixes)
                if (master_hardware_db(mix.name))
                    if (const std::optional<double> sw = drive_master(mix.name, mix.master_db))
                        mix.master_db = std::clamp(*sw, core::kSilenceDb, core::kMaxMasterDb);
        commit(next, "loaded snapshot '" + name + "'");
        return {{"name", name}};
    }
    if (op == "snapshot_list") {
        r.allow_only({});
        return {{"snapshots", snapshots_.list()}, {"dir", snapshots_.dir().string()}};
    }
    if (op == "subscribe") {
        r.allow_only({"meters_hz"});
        subscription.events = true;
        subscription.meters_hz = r.opt_number("meters_hz", 0.0, kMaxMetersHz).value_or(0.0);
        subscription.next_meters = std::chrono::steady_clock::now();
        return {{"meters_hz", subscription.meters_hz}};
    }
    if (op == "unsubscribe") {
        r.allow_only({});
        subscription = Subscription{};
        return json::object();
    }
    if (op == "controls" || op == "control") {
        if (op == "controls") r.allow_only({"device"});
        else r.allow_only({"device", "name", "value"});
        if (!devices || !list_controls || !control)
            throw RequestError("hardware controls are not available: this headampd does not manage ALSA controls");
        const json present = devices();
        const json& device = present[require_device(present, r.string("device"))];
        const std::string identity = device["identity"].get<std::string>();
        try {
            if (op == "controls") return {{"device", identity}, {"card_id", device["card_id"]}, {"controls", list_controls(identity)}};
            return {{"device", identity}, {"control", control(identity, r.string("name"), r.opt_string("value"))}};
        } catch (const RequestError&) {
            throw;
        } catch (const std::exception& e) {
            throw RequestError(e.what());
        }
    }
    throw RequestError("unknown op " + quote(op) +
                       "; valid: status, meters, set, master, link, unlink, mix_add, mix_remove, mix_route, eq, limit, "
                       "snapshot_save, snapshot_load, snapshot_list, subscribe, unsubscribe, controls, control");
}

}  // namespace headamp::control
