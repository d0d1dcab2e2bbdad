// State <-> JSON (see state_json.hpp).
#include "control/state_json.hpp"

#include <cmath>

#include "control/request.hpp"
#include "util/json_int.hpp"

namespace headamp::control {

using nlohmann::json;

namespace {

double shown_db(double db) { return db <= core::kSilenceDb ? core::kSilenceDb : db; }

json band_json(const core::EqBand& b) { return {{"freq_hz", b.freq_hz}, {"gain_db", b.gain_db}, {"q", b.q}}; }

// Strict readers for snapshot files: every mistake names where it is.
const json& member(const json& obj, const char* key, const std::string& where) {
    const auto it = obj.find(key);
    if (it == obj.end()) throw RequestError(where + " has no '" + key + "'");
    return *it;
}
double number(const json& obj, const char* key, const std::string& where, std::optional<double> fallback = {}) {
    if (!obj.contains(key) && fallback) return *fallback;
    const json& v = member(obj, key, where);
    if (!v.is_number() || !std::isfinite(v.get<double>()))
        throw RequestError(where + "." + key + " must be a finite number");
    return v.get<double>();
}
bool boolean(const json& obj, const char* key, const std::string& where, bool fallback) {
    if (!obj.contains(key)) return fallback;
    const json& v = obj.at(key);
    if (!v.is_boolean()) throw RequestError(where + "." + key + " must be true or false");
    return v.get<bool>();
}
std::string text(const json& obj, const char* key, const std::string& where) {
    const json& v = member(obj, key, where);
    if (!v.is_string()) throw RequestError(where + "." + key + " must be a string");
    return v.get<std::string>();
}
const json& array(const json& obj, const char* key, const std::string& where) {
    const json& v = member(obj, key, where);
    if (!v.is_array()) throw RequestError(where + "." + key + " must be an array");
    return v;
}
core::EqBand band(const json& eq, const char* key, const std::string& where, core::EqBand fallback) {
    if (!eq.contains(key)) return fallback;
    const json& b = eq.at(key);
    const std::string w = where + "." + key;
    if (!b.is_object()) throw RequestError(w + " must be an object");
    return {number(b, "freq_hz", w, fallback.freq_hz), number(b, "gain_db", w, fallback.gain_db),
            number(b, "q", w, fallback.q)};
}

}  // namespace

json eq_to_json(const core::Eq& eq) {
    return {
        {"enabled", eq.enabled}, {"low", band_json(eq.low)}, {"mid", band_json(eq.mid)}, {"high", band_json(eq.high)}};
}

json state_to_json(const core::Graph& graph, const jack::PortBindings& bindings) {
    json sources = json::array();
    for (std::size_t i = 0; i < graph.sources.size(); ++i) {
        const core::Source& s = graph.sources[i];
        json channels = json::array({s.channels[0]});
        if (s.stereo()) channels.push_back(s.channels[1]);
        json ports = json::array();
        if (auto b = bindings.sources.find(s.name); b != bindings.sources.end())
            for (const std::string& p : b->second) ports.push_back(p);
        sources.push_back({{"number", i + 1},
                           {"name", s.name},
                           {"stereo", s.stereo()},
                           {"channels", channels},
                           {"ports", ports},
                           {"trim_db", s.trim_db},
                           {"invert", s.invert}});
    }
    json mixes = json::array();
    for (std::size_t i = 0; i < graph.mixes.size(); ++i) {
        const core::Mix& m = graph.mixes[i];
        json sends = json::array();
        for (const core::Source& s : graph.sources) {
            const core::Send& send = m.send_for(s.name);
            sends.push_back({{"source", s.name},
                             {"level_db", shown_db(send.level_db)},
                             {"pan", send.pan},
                             {"mute", send.mute},
                             {"solo", send.solo}});
            if (send.own) sends.back()["own"] = true;
        }
        json output = nullptr;
        if (auto b = bindings.mixes.find(m.name); b != bindings.mixes.end()) output = {b->second[0], b->second[1]};
        mixes.push_back({{"number", i + 1},
                         {"name", m.name},
                         {"slot", m.slot},
                         {"master_db", shown_db(m.master_db)},
                         {"mute", m.mute},
                         {"mono", m.mono},
                         {"pan_law", core::to_string(m.pan_law)},
                         {"limiter_ceiling_db", m.limiter_ceiling_db},
                         {"eq", eq_to_json(m.eq)},
                         {"output", output},
                         {"ports", {core::output_port_name(m, 0), core::output_port_name(m, 1)}},
                         {"sends", sends}});
    }
    return {{"sources", sources}, {"mixes", mixes}};
}

namespace {

// One of a mix's sends; `where` names it in an error ("mixes[0].sends[2]").
core::Send send_from_json(const json& s, const std::string& where) {
    if (!s.is_object()) throw RequestError(where + " must be an object");
    core::Send send;
    send.level_db = number(s, "level_db", where, 0.0);
    send.pan = number(s, "pan", where, 0.0);
    send.mute = boolean(s, "mute", where, false);
    send.solo = boolean(s, "solo", where, false);
    send.own = boolean(s, "own", where, false);
    return send;
}

}  // namespace

State state_from_json(const json& j) {
    if (!j.is_object()) throw RequestError("the state must be a JSON object");
    State st;
    const json& sources = array(j, "sources", "state");
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const json& s = sources[i];
        const std::string where = "sources[" + std::to_string(i) + "]";
        if (!s.is_object()) throw RequestError(where + " must be an object");
        core::Source src;
        src.name = text(s, "name", where);
        const json& ch = array(s, "channels", where);
        if (ch.empty() || ch.size() > 2) throw RequestError(where + ".channels must hold one or two channel slots");
        for (std::size_t c = 0; c < ch.size(); ++c) {
            const std::optional<int> slot = json_int(ch[c]);
            if (!slot) throw RequestError(where + ".channels must hold whole numbers (channel slots)");
            src.channels[c] = *slot;
        }
        src.trim_db = number(s, "trim_db", where, 0.0);
        src.invert = boolean(s, "invert", where, false);
        if (s.contains("ports")) {
            const json& ports = array(s, "ports", where);
            std::vector<std::string> bound;
            for (const json& p : ports) {
                if (!p.is_string()) throw RequestError(where + ".ports must hold strings");
                bound.push_back(p.get<std::string>());
            }
            if (!bound.empty()) st.bindings.sources[src.name] = bound;
        }
        st.graph.sources.push_back(src);
    }
    const json& mixes = array(j, "mixes", "state");
    for (std::size_t i = 0; i < mixes.size(); ++i) {
        const json& m = mixes[i];
        const std::string where = "mixes[" + std::to_string(i) + "]";
        if (!m.is_object()) throw RequestError(where + " must be an object");
        core::Mix mix;
        mix.name = text(m, "name", where);
        const std::optional<int> slot = json_int(member(m, "slot", where));
        if (!slot) throw RequestError(where + ".slot must be a whole number (a mix slot)");
        mix.slot = *slot;
        mix.master_db = number(m, "master_db", where, 0.0);
        mix.mute = boolean(m, "mute", where, false);
        mix.mono = boolean(m, "mono", where, false);
        if (m.contains("pan_law")) {
            auto law = core::pan_law_from_string(text(m, "pan_law", where));
            if (!law) throw RequestError(where + ".pan_law must be \"-3dB\", \"-6dB\" or \"0dB\"");
            mix.pan_law = *law;
        }
        mix.limiter_ceiling_db = number(m, "limiter_ceiling_db", where, -1.0);
        if (m.contains("eq")) {
            const json& eq = m.at("eq");
            if (!eq.is_object()) throw RequestError(where + ".eq must be an object");
            mix.eq.enabled = boolean(eq, "enabled", where + ".eq", false);
            mix.eq.low = band(eq, "low", where + ".eq", mix.eq.low);
            mix.eq.mid = band(eq, "mid", where + ".eq", mix.eq.mid);
            mix.eq.high = band(eq, "high", where + ".eq", mix.eq.high);
        }
        if (m.contains("output") && !m.at("output").is_null()) {
            const json& out = m.at("output");
            if (!out.is_array() || out.size() != 2 || !out[0].is_string() || !out[1].is_string())
                throw RequestError(where + ".output must be two port names or null");
            st.bindings.mixes[mix.name] = {out[0].get<std::string>(), out[1].get<std::string>()};
        }
        if (m.contains("sends")) {
            const json& sends = array(m, "sends", where);
            for (std::size_t k = 0; k < sends.size(); ++k) {
                const std::string w = where + ".sends[" + std::to_string(k) + "]";
                const core::Send send = send_from_json(sends[k], w);  // checks it is an object first
                mix.sends[text(sends[k], "source", w)] = send;
            }
        }
        st.graph.mixes.push_back(mix);
    }
    return st;
}

}  // namespace headamp::control
