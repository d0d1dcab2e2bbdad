// The hardware controls view's state and key rules (see hardware_view.hpp).
#include "cli/tui/hardware_view.hpp"

#include <cmath>
#include <cstdio>

namespace headamp::cli::tui {

using nlohmann::json;

namespace {

std::string full_name(const json& c) { return c["name"].get<std::string>() + "," + std::to_string(c["index"].get<unsigned>()); }

bool same_control(const json& a, const json& b) { return a["name"] == b["name"] && a["index"] == b["index"]; }

bool contains(const json& list, const json& value) {
    if (!list.is_array()) return false;
    for (const json& x : list)
        if (x == value) return true;
    return false;
}

std::string strip_suffix(std::string s, const std::string& suffix) {
    if (s.size() > suffix.size() && s.ends_with(suffix)) s.resize(s.size() - suffix.size());
    return s;
}

// "X Playback Volume" -> "X Playback Switch": the switch alsamixer's M works on for a volume.
std::optional<std::size_t> switch_of(const json& controls, const json& volume) {
    const std::string name = volume["name"].get<std::string>();
    if (!name.ends_with(" Volume")) return std::nullopt;
    const std::string wanted = name.substr(0, name.size() - 7) + " Switch";
    for (std::size_t i = 0; i < controls.size(); ++i)
        if (controls[i]["name"] == wanted && controls[i]["index"] == volume["index"]) return i;
    return std::nullopt;
}

bool has_db(const json& c) { return c.contains("db_min") && c["db_min"].is_number(); }

}  // namespace

void HardwareControls::open(const json& d) {
    *this = HardwareControls{};
    device = d["identity"].get<std::string>();
    card = d.value("card_id", std::string("?")) + " (" + d.value("manufacturer", std::string()) + " " +
           d.value("product", std::string()) + ")";
    problem = "reading the controls ...";
}

void HardwareControls::none(std::string why) {
    *this = HardwareControls{};
    problem = std::move(why);
}

void HardwareControls::take_list(const json& list) {
    controls = list.is_array() ? list : json::array();
    list_request.reset();
    problem = controls.empty() ? "this device has no ALSA controls" : "";
    if (selected >= controls.size()) selected = controls.empty() ? 0 : controls.size() - 1;
}

bool HardwareControls::take_control(const std::string& identity, const json& control) {
    if (identity != device) return false;
    for (json& c : controls)
        if (same_control(c, control)) {
            c = control;
            return true;
        }
    return false;
}

void HardwareControls::gone() {
    controls = json::array();
    pending.reset();
    problem = "the device went away (unplugged); its controls come back when it does";
}

const json* HardwareControls::current() const { return selected < controls.size() ? &controls[selected] : nullptr; }

const json* device_for(const json& devices, const json& mix, const std::string& source) {
    if (!devices.is_array()) return nullptr;
    if (mix.is_object()) {
        for (const json& d : devices)
            if (contains(d["outputs"], mix["name"]) ||
                (mix["output"].is_array() && !mix["output"].empty() && contains(d["playback_ports"], mix["output"][0])))
                return &d;
    }
    if (!source.empty())
        for (const json& d : devices)
            if (contains(d["sources"], source)) return &d;
    return nullptr;
}

std::optional<ControlChange> change_for(Command command, const json& controls, std::size_t selected) {
    if (selected >= controls.size()) return std::nullopt;
    const json* target = &controls[selected];
    const std::string kind = (*target)["kind"].get<std::string>();
    std::string value;
    if (kind == "volume") {
        const bool db = has_db(*target);
        switch (command) {
            case Command::Up: value = db ? "1dB+" : "1+"; break;
            case Command::Down: value = db ? "1dB-" : "1-"; break;
            case Command::PageUp: value = db ? "5dB+" : "5%+"; break;
            case Command::PageDown: value = db ? "5dB-" : "5%-"; break;
            case Command::Mute:
            case Command::Toggle:
                if (const auto sw = switch_of(controls, *target)) {
                    target = &controls[*sw];
                    value = "toggle";
                }
                break;
            default:
                if (command >= Command::Percent0 && command <= Command::Percent90)
                    value = std::to_string(10 * (static_cast<int>(command) - static_cast<int>(Command::Percent0))) + "%";
                break;
        }
    } else if (kind == "switch") {
        switch (command) {
            case Command::Up: value = "on"; break;
            case Command::Down: value = "off"; break;
            case Command::Mute:
            case Command::Toggle:
            case Command::Enter: value = "toggle"; break;
            default: break;
        }
    } else if (kind == "enumeration") {
        const long items = static_cast<long>((*target)["items"].size());
        const long now = (*target)["values"].empty() ? 0 : (*target)["values"][0].get<long>();
        long next = now;
        switch (command) {
            case Command::Up: next = std::min(now + 1, items - 1); break;
            case Command::Down: next = std::max(now - 1, 0L); break;
            case Command::Enter: next = items > 0 ? (now + 1) % items : 0; break;
            default: break;
        }
        if (items > 0 && next != now) value = std::to_string(next);
    }
    if (value.empty() || !(*target)["writable"].get<bool>()) return std::nullopt;
    ControlChange change{full_name(*target), value, value, (*target)["category"] == "unsafe"};
    if (value == "toggle") change.shown = (*target)["values"].empty() || (*target)["values"][0].get<long>() ? "off" : "on";
    else if (kind == "enumeration") change.shown = (*target)["items"][static_cast<std::size_t>(std::stol(value))];
    return change;
}

std::string short_name(const json& c) {
    std::string s = c["name"].get<std::string>();
    for (const char* suffix : {" Volume", " Switch", " Enum", " Route"}) s = strip_suffix(s, suffix);
    for (const char* suffix : {" Playback", " Capture"}) s = strip_suffix(s, suffix);
    const unsigned index = c["index"].get<unsigned>();
    return index ? s + " " + std::to_string(index) : s;
}

std::string value_text(const json& c, std::size_t channel) {
    const std::string kind = c["kind"].get<std::string>();
    const json& values = c["values"];
    if (channel >= values.size()) return "-";
    const long raw = values[channel].get<long>();
    if (kind == "switch") return raw ? "on" : "off";
    if (kind == "enumeration") {
        const json& items = c["items"];
        return raw >= 0 && static_cast<std::size_t>(raw) < items.size() ? items[static_cast<std::size_t>(raw)].get<std::string>()
                                                                         : "?";
    }
    char buf[32];
    if (c.contains("db") && channel < c["db"].size()) {
        if (!c["db"][channel].is_number()) return "mute";
        const double db = c["db"][channel].get<double>();
        std::snprintf(buf, sizeof buf, "%.1f", std::fabs(db) < 0.05 ? 0.0 : db);
        return buf;
    }
    const long lo = c.value("min", 0L), hi = c.value("max", 0L);
    const double pct = hi > lo ? 100.0 * static_cast<double>(raw - lo) / static_cast<double>(hi - lo) : 0.0;
    std::snprintf(buf, sizeof buf, "%ld%%", std::lround(pct));
    return buf;
}

}  // namespace headamp::cli::tui
