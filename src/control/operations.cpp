// The operations and their table (see operations.hpp). Adding an operation is one row in the table and
// one function above it.
#include "control/operations.hpp"

#include <algorithm>
#include <chrono>

#include "control/device_match.hpp"
#include "control/graph_edits.hpp"
#include "control/name_match.hpp"
#include "control/output_spec.hpp"
#include "control/records_json.hpp"
#include "control/remote_links.hpp"
#include "control/request_handler.hpp"

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

core::Mix& mix_of(State& state, const Request& r) {
    return state.graph.mixes[match_name(mix_names(state.graph), r.string("mix"), "mix")];
}

std::size_t source_index(const State& state, const Request& r) {
    return match_name(source_names(state.graph), r.string("source"), "source");
}

bool apply_switch(bool current, Switch s) { return s == Switch::Toggle ? !current : s == Switch::On; }

json send_json(const std::string& source, const core::Send& s) {
    json j = {{"source", source},
              {"level_db", s.level_db <= core::kSilenceDb ? core::kSilenceDb : s.level_db},
              {"pan", s.pan},
              {"mute", s.mute},
              {"solo", s.solo}};
    if (s.own) j["own"] = true;
    return j;
}

core::EqBand& band_of(core::Eq& eq, const std::string& band) {
    if (band == "low") return eq.low;
    if (band == "mid") return eq.mid;
    if (band == "high") return eq.high;
    throw RequestError("EQ band " + quote(band) + " does not exist; valid: low, mid, high");
}

DevicePorts device_ports(const Call& c) {
    return [&h = c.handler](const std::string& device) { return h.device_ports(device); };
}

json status(const Call& c) { return c.handler.status(); }

json meters(const Call& c) {
    json m = c.handler.meters_event();
    m.erase("event");
    return m;
}

json set(const Call& c) {
    const Request& r = c.request;
    State next = c.handler.current();
    core::Mix& mix = mix_of(next, r);
    const std::string source = next.graph.sources[source_index(next, r)].name;
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
    c.handler.commit(next, "send of '" + source + "' in mix '" + mix_name + "'");
    return {{"mix", mix_name}, {"send", send_json(source, send)}};
}

json master(const Call& c) {
    const Request& r = c.request;
    RequestHandler& h = c.handler;
    State next = h.current();
    core::Mix& mix = mix_of(next, r);
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
    const std::optional<double> hw = h.hardware().master_hardware_db(mix_name);
    const double shown = heard_master_db(mix.master_db, hw);
    std::optional<double> wanted;
    if (level) wanted = *level;
    if (step) wanted = step_level(shown, *step, core::kMaxMasterDb);
    std::vector<MasterWrite> hardware;
    if (wanted) {
        const auto staged = hw ? h.hardware().stage_master(mix_name, *wanted) : std::nullopt;
        if (staged) hardware.push_back(*staged);
        mix.master_db = staged ? std::clamp(staged->software_db, core::kSilenceDb, core::kMaxMasterDb) : *wanted;
    }
    if (mute) mix.mute = apply_switch(mix.mute, *mute);
    if (mono) mix.mono = apply_switch(mix.mono, *mono);
    if (law) {
        const auto parsed = core::pan_law_from_string(*law);
        if (!parsed) throw RequestError("pan law " + quote(*law) + " does not exist; valid: -3dB, -6dB, 0dB");
        mix.pan_law = *parsed;
    }
    const core::Mix result = mix;
    h.commit(next, "master of mix '" + result.name + "'", hardware);
    json shown_state = {{"mixes", json::array({{{"name", result.name}, {"master_db", result.master_db}}})}};
    h.add_hardware_masters(shown_state);
    const json& shown_mix = shown_state["mixes"][0];
    const double heard = shown_mix["master_db"].get<double>();
    json answer = {{"mix", result.name},
                   {"master_db", heard <= core::kSilenceDb ? core::kSilenceDb : heard},
                   {"mute", result.mute},
                   {"mono", result.mono},
                   {"pan_law", core::to_string(result.pan_law)}};
    if (shown_mix.contains("master_hardware_db")) {
        answer["master_hardware_db"] = shown_mix["master_hardware_db"];
        answer["master_software_db"] = shown_mix["master_software_db"];
    }
    return answer;
}

json own(const Call& c) {
    const Request& r = c.request;
    State next = c.handler.current();
    core::Mix& mix = mix_of(next, r);
    const std::string source = next.graph.sources[source_index(next, r)].name;
    const auto wanted = r.opt_switch("own");
    if (!wanted) throw RequestError("an 'own' request needs the field 'own' (true, false or \"toggle\")");
    core::Send send = mix.send_for(source);
    send.own = apply_switch(send.own, *wanted);
    mix.sends[source] = send;
    const std::string mix_name = mix.name;
    c.handler.commit(next, "own sources of mix '" + mix_name + "'");
    return {{"mix", mix_name}, {"send", send_json(source, send)}};
}

// Every own source's send moves by the same step, each stopping at +12 dB as a 'set' step does: a send
// already at the top stays there and the others go on, so "more me" keeps getting louder while it can.
json more_me(const Call& c) {
    const Request& r = c.request;
    State next = c.handler.current();
    core::Mix& mix = mix_of(next, r);
    const auto step = r.opt_number("step_db", -200.0, 200.0);
    if (!step) throw RequestError("a 'more_me' request needs the field 'step_db'");
    json sends = json::array();
    for (const core::Source& s : next.graph.sources) {
        core::Send send = mix.send_for(s.name);
        if (!send.own) continue;
        send.level_db = step_level(send.level_db, *step, core::kMaxSendDb);
        mix.sends[s.name] = send;
        sends.push_back(send_json(s.name, send));
    }
    const std::string mix_name = mix.name;
    if (sends.empty()) throw RequestError("mix " + quote(mix_name) + " has no own sources; mark them with 'own' first");
    c.handler.commit(next, "more me in mix '" + mix_name + "'");
    return {{"mix", mix_name}, {"sends", sends}};
}

json link(const Call& c) {
    State next = c.handler.current();
    const std::size_t index = source_index(next, c.request);
    link_source(next, index);
    const std::string name = next.graph.sources[index].name;
    c.handler.commit(next, "link '" + name + "'");
    return {{"source", name}};
}

json unlink(const Call& c) {
    State next = c.handler.current();
    const std::size_t index = source_index(next, c.request);
    unlink_source(next, index);
    const std::string name = next.graph.sources[index].name;
    c.handler.commit(next, "unlink '" + name + "'");
    return {{"source", name}, {"right", next.graph.sources[index + 1].name}};
}

json mix_add(const Call& c) {
    State next = c.handler.current();
    std::optional<std::array<std::string, 2>> output;
    if (auto spec = c.request.opt_string("output")) output = resolve_output(parse_output_spec(*spec), device_ports(c));
    const std::string name = c.request.string("name");
    add_mix(next, name, output);
    c.handler.commit(next, "added mix '" + name + "'");
    return {{"mix", name}, {"slot", next.graph.mixes.back().slot}};
}

json mix_remove(const Call& c) {
    State next = c.handler.current();
    const std::size_t index = match_name(mix_names(next.graph), c.request.string("mix"), "mix");
    const std::string name = next.graph.mixes[index].name;
    remove_mix(next, index);
    c.handler.commit(next, "removed mix '" + name + "'");
    c.handler.remote_tokens().forget(name);  // a mix made later under this name gets a link of its own
    return {{"mix", name}};
}

json mix_route(const Call& c) {
    State next = c.handler.current();
    const std::string name = mix_of(next, c.request).name;
    const auto output = resolve_output(parse_output_spec(c.request.string("output")), device_ports(c));
    next.bindings.mixes[name] = output;
    c.handler.commit(next, "routed mix '" + name + "'");
    return {{"mix", name}, {"output", output}};
}

json eq(const Call& c) {
    const Request& r = c.request;
    State next = c.handler.current();
    core::Mix& mix = mix_of(next, r);
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
    c.handler.commit(next, "EQ of mix '" + result.name + "'");
    return {{"mix", result.name}, {"eq", eq_to_json(result.eq)}};
}

json limit(const Call& c) {
    State next = c.handler.current();
    core::Mix& mix = mix_of(next, c.request);
    const auto ceiling = c.request.opt_number("ceiling_db", core::kMinCeilingDb, core::kMaxCeilingDb);
    if (!ceiling) throw RequestError("the 'limit' request needs the field 'ceiling_db'");
    mix.limiter_ceiling_db = *ceiling;
    const std::string name = mix.name;
    c.handler.commit(next, "limiter of mix '" + name + "'");
    return {{"mix", name}, {"ceiling_db", *ceiling}};
}

json snapshot_save(const Call& c) {
    RequestHandler& h = c.handler;
    const std::string name = c.request.string("name");
    const State now = h.current();
    json content = state_to_json(now.graph, now.bindings);
    // A master is kept as the musician hears it (hardware + software), not as its software part.
    for (json& m : content["mixes"]) {
        const std::optional<double> hw = h.hardware().master_hardware_db(m["name"].get<std::string>());
        m["master_db"] = heard_master_db(m["master_db"].get<double>(), hw);
    }
    content["format"] = "headamp-snapshot-1";
    h.snapshots().save(name, content);
    return {{"name", name}, {"file", (h.snapshots().dir() / (name + ".json")).string()}};
}

json snapshot_load(const Call& c) {
    RequestHandler& h = c.handler;
    const std::string name = c.request.string("name");
    const json content = h.snapshots().load(name);
    State next = state_from_json(content);
    if (auto error = core::validate(next.graph)) throw RequestError("snapshot " + quote(name) + ": " + *error);
    // Masters come back staged like a 'master' request: the device's headphone volume first.
    std::vector<MasterWrite> hardware;
    for (core::Mix& mix : next.graph.mixes)
        if (h.hardware().master_hardware_db(mix.name))
            if (const std::optional<MasterWrite> staged = h.hardware().stage_master(mix.name, mix.master_db)) {
                hardware.push_back(*staged);
                mix.master_db = std::clamp(staged->software_db, core::kSilenceDb, core::kMaxMasterDb);
            }
    h.commit(next, "loaded snapshot '" + name + "'", hardware);
    return {{"name", name}};
}

json snapshot_list(const Call& c) {
    return {{"snapshots", c.handler.snapshots().list()}, {"dir", c.handler.snapshots().dir().string()}};
}

json subscribe(const Call& c) {
    Subscription& s = c.subscription;
    s.events = true;
    s.meters_hz = c.request.opt_number("meters_hz", 0.0, kMaxMetersHz).value_or(0.0);
    s.next_meters = std::chrono::steady_clock::now();
    return {{"meters_hz", s.meters_hz}};
}

json unsubscribe(const Call& c) {
    c.subscription = Subscription{};
    return json::object();
}

// The remote links hand out every secret: only the owner, at the local socket, may see or change them.
void require_local(const Call& c) {
    if (c.caller != Caller::local_socket)
        throw RequestError("'" + c.request.op() + "' is answered only at the local control socket");
}

json remote(const Call& c) {
    require_local(c);
    RequestHandler& h = c.handler;
    RemoteTokens& tokens = h.remote_tokens();
    const std::optional<std::string>& page = h.page_address();
    json mixes = json::array();
    const State now = h.current();
    for (const core::Mix& m : now.graph.mixes) {
        const std::string token = tokens.token_for_mix(m.name);
        json entry = {{"mix", m.name}, {"token", token}};
        if (page) entry["url"] = mix_link(*page, m.name, token);
        mixes.push_back(entry);
    }
    json answer = {{"mixes", mixes},
                   {"admin_token", tokens.admin_token()},
                   {"view_token", tokens.view_token()},
                   {"osc_port", h.osc_port() ? json(*h.osc_port()) : json(nullptr)}};
    if (page) {
        answer["admin_url"] = token_link(*page, answer["admin_token"].get<std::string>());
        answer["view_url"] = token_link(*page, answer["view_token"].get<std::string>());
    } else {
        answer["page"] = "off";
    }
    return answer;
}

json remote_renew(const Call& c) {
    require_local(c);
    State now = c.handler.current();
    const std::string name = mix_of(now, c.request).name;
    const std::string token = c.handler.remote_tokens().renew(name);
    json answer = {{"mix", name}, {"token", token}};
    if (const auto& page = c.handler.page_address()) answer["url"] = mix_link(*page, name, token);
    return answer;
}

// The device a hardware request names, as the devices list shows it.
DeviceRecord hardware_device(const Call& c) {
    const std::vector<DeviceRecord> present = c.handler.devices().present();
    return present[require_device(present, c.request.string("device"))];
}

json controls(const Call& c) {
    const DeviceRecord device = hardware_device(c);
    return {{"device", device.identity},
            {"card_id", device.card_id},
            {"controls", c.handler.hardware().list(device.identity)}};
}

json control(const Call& c) {
    const std::string identity = hardware_device(c).identity;
    const std::string name = c.request.string("name");
    const std::optional<std::string> value = c.request.opt_string("value");
    const ControlRecord control = c.handler.hardware().control(identity, name, value);
    if (value) {
        c.handler.events().control_changed(identity, control);
        c.handler.events().state_changed("hardware control '" + control.name + "'");
    }
    return {{"device", identity}, {"control", control}};
}

}  // namespace

const std::vector<Operation>& operations() {
    static const std::vector<Operation> table = {
        {"status", {}, status},
        {"meters", {}, meters},
        {"set", {"mix", "source", "level_db", "level_step_db", "mute", "solo", "pan", "pan_step"}, set},
        {"master", {"mix", "level_db", "level_step_db", "mute", "mono", "pan_law"}, master},
        {"own", {"mix", "source", "own"}, own},
        {"more_me", {"mix", "step_db"}, more_me},
        {"link", {"source"}, link},
        {"unlink", {"source"}, unlink},
        {"mix_add", {"name", "output"}, mix_add},
        {"mix_remove", {"mix"}, mix_remove},
        {"mix_route", {"mix", "output"}, mix_route},
        {"eq", {"mix", "enabled", "band", "freq_hz", "gain_db", "q"}, eq},
        {"limit", {"mix", "ceiling_db"}, limit},
        {"snapshot_save", {"name"}, snapshot_save},
        {"snapshot_load", {"name"}, snapshot_load},
        {"snapshot_list", {}, snapshot_list},
        {"subscribe", {"meters_hz"}, subscribe},
        {"unsubscribe", {}, unsubscribe},
        {"controls", {"device"}, controls},
        {"control", {"device", "name", "value"}, control},
        {"remote", {}, remote},
        {"remote_renew", {"mix"}, remote_renew},
    };
    return table;
}

const Operation& find_operation(const std::string& name) {
    for (const Operation& op : operations())
        if (op.name == name) return op;
    std::string valid;
    for (const Operation& op : operations()) valid += (valid.empty() ? "" : ", ") + std::string(op.name);
    throw RequestError("unknown op " + quote(name) + "; valid: " + valid);
}

}  // namespace headamp::control
