// The OSC address space (see osc_address.hpp).
#include "remote/osc_address.hpp"

#include <cmath>
#include <sstream>
#include <string_view>
#include <vector>

#include "control/volume_mapping.hpp"
#include "core/graph.hpp"

namespace headamp::remote {

using nlohmann::json;

namespace {

std::vector<std::string> split_address(const std::string& address) {
    std::vector<std::string> parts;
    std::size_t at = 1;  // past the leading '/'
    for (;;) {
        const std::size_t slash = address.find('/', at);
        parts.push_back(address.substr(at, slash == std::string::npos ? std::string::npos : slash - at));
        if (slash == std::string::npos) return parts;
        at = slash + 1;
    }
}

std::string number_text(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

bool is_number_type(char t) { return t == 'f' || t == 'd' || t == 'i' || t == 'h'; }

double number_arg(const OscMessage& m) {
    const OscArg& a = m.args[0];
    if (!is_number_type(a.type))
        throw OscError(m.address + " takes a number (type f, d, i or h), not type '" + std::string(1, a.type) + "'");
    return a.number;
}

// 0 or 1 as i, h, f or d, or T/F: a button of a control surface sends any of these.
bool switch_arg(const OscMessage& m) {
    const OscArg& a = m.args[0];
    if (a.type == 'T' || a.type == 'F') return a.type == 'T';
    if (!is_number_type(a.type))
        throw OscError(m.address + " takes 0 or 1 (type i, f, T or F), not type '" + std::string(1, a.type) + "'");
    if (a.number != 0.0 && a.number != 1.0) throw OscError(m.address + " takes 0 or 1, not " + number_text(a.number));
    return a.number == 1.0;
}

std::optional<OscField> field_named(std::string_view name, bool master) {
    if (name == "db") return OscField::Db;
    if (name == "mute") return OscField::Mute;
    if (master) return std::nullopt;
    if (name == "fader") return OscField::Fader;
    if (name == "pan") return OscField::Pan;
    if (name == "solo") return OscField::Solo;
    return std::nullopt;
}

const char* field_name(OscField f) {
    switch (f) {
        case OscField::Db: return "db";
        case OscField::Fader: return "fader";
        case OscField::Pan: return "pan";
        case OscField::Mute: return "mute";
        case OscField::Solo: return "solo";
    }
    return "?";
}

[[noreturn]] void unknown(const std::string& address) {
    throw OscError("unknown address " + address +
                   "; valid: /mix/{mix}/ch/{source}/{db,fader,pan,mute,solo}, /mix/{mix}/master/{db,mute}, "
                   "/subscribe, /unsubscribe");
}

// /mix/{mix}/ch/{source}/{field} or /mix/{mix}/master/{field}; nothing when it is neither.
std::optional<OscTarget> target_of(const std::vector<std::string>& parts) {
    if (parts.size() < 4 || parts[0] != "mix") return std::nullopt;
    for (const std::string& p : parts)
        if (p.empty()) return std::nullopt;
    OscTarget t;
    t.mix = parts[1];
    if (parts.size() == 4 && parts[2] == "master") {
        const auto f = field_named(parts[3], true);
        if (!f) return std::nullopt;
        t.field = *f;
        return t;
    }
    if (parts.size() != 5 || parts[2] != "ch") return std::nullopt;
    const auto f = field_named(parts[4], false);
    if (!f) return std::nullopt;
    t.source = parts[3];
    t.field = *f;
    return t;
}

json change_request(const OscMessage& m, const OscTarget& t) {
    json r = {{"op", t.source ? "set" : "master"}, {"mix", t.mix}};
    if (t.source) r["source"] = *t.source;
    switch (t.field) {
        case OscField::Db: r["level_db"] = number_arg(m); break;
        case OscField::Fader: {
            const double position = number_arg(m);
            if (!std::isfinite(position) || position < 0.0 || position > 1.0)
                throw OscError(m.address + " takes a fader position from 0 to 1, not " + number_text(position));
            r["level_db"] = control::position_to_db(position, core::kMaxSendDb);
            break;
        }
        case OscField::Pan: r["pan"] = number_arg(m); break;
        case OscField::Mute: r["mute"] = switch_arg(m); break;
        case OscField::Solo: r["solo"] = switch_arg(m); break;
    }
    return r;
}

OscAction subscribe(const OscMessage& m) {
    if (m.args.size() > 1) throw OscError("/subscribe takes at most one argument (meters per second)");
    const double hz = m.args.empty() ? kDefaultOscMetersHz : number_arg(m);
    return {OscAction::Kind::Subscribe, {{"op", "subscribe"}, {"meters_hz", hz}}, {}};
}

}  // namespace

OscAction translate(const OscMessage& m) {
    if (m.address == "/subscribe") return subscribe(m);
    if (m.address == "/unsubscribe") {
        if (!m.args.empty()) throw OscError("/unsubscribe takes no argument");
        return {OscAction::Kind::Unsubscribe, {{"op", "unsubscribe"}}, {}};
    }
    if (m.address.find_first_of(" #*,?[]{}") != std::string::npos)
        throw OscError("address patterns are not supported: name one mix and one source, in " + m.address);
    const std::optional<OscTarget> target = target_of(split_address(m.address));
    if (!target) unknown(m.address);
    if (m.args.empty()) return {OscAction::Kind::Query, nullptr, *target};
    if (m.args.size() > 1) throw OscError(m.address + " takes one argument, not " + std::to_string(m.args.size()));
    return {OscAction::Kind::Change, change_request(m, *target), *target};
}

std::string address_of(const OscTarget& t) {
    if (!t.source) return "/mix/" + t.mix + "/master/" + field_name(t.field);
    return "/mix/" + t.mix + "/ch/" + *t.source + "/" + field_name(t.field);
}

}  // namespace headamp::remote
