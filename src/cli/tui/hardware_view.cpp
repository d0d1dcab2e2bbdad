// The hardware controls view's state and key rules (see hardware_view.hpp).
#include "cli/tui/hardware_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace headamp::cli::tui {

using control::ControlRecord;
using control::DeviceRecord;
using control::MixRecord;

namespace {

std::string full_name(const ControlRecord& c) { return c.name + "," + std::to_string(c.index); }

bool same_control(const ControlRecord& a, const ControlRecord& b) { return a.name == b.name && a.index == b.index; }

bool contains(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

std::string strip_suffix(std::string s, const std::string& suffix) {
    if (s.size() > suffix.size() && s.ends_with(suffix)) s.resize(s.size() - suffix.size());
    return s;
}

// "X Playback Volume" -> "X Playback Switch": the switch alsamixer's M works on for a volume.
std::optional<std::size_t> switch_of(const std::vector<ControlRecord>& controls, const ControlRecord& volume) {
    if (!volume.name.ends_with(" Volume")) return std::nullopt;
    const std::string wanted = volume.name.substr(0, volume.name.size() - 7) + " Switch";
    for (std::size_t i = 0; i < controls.size(); ++i)
        if (controls[i].name == wanted && controls[i].index == volume.index) return i;
    return std::nullopt;
}

bool has_db(const ControlRecord& c) { return c.db_min.has_value(); }

}  // namespace

void HardwareControls::open(const DeviceRecord& d) {
    *this = HardwareControls{};
    device = d.identity;
    card = d.card_id + " (" + d.manufacturer + " " + d.product + ")";
    problem = "reading the controls ...";
}

void HardwareControls::none(std::string why) {
    *this = HardwareControls{};
    problem = std::move(why);
}

void HardwareControls::take_list(std::vector<ControlRecord> list) {
    controls = std::move(list);
    list_request.reset();
    problem = controls.empty() ? "this device has no ALSA controls" : "";
    if (selected >= controls.size()) selected = controls.empty() ? 0 : controls.size() - 1;
}

bool HardwareControls::take_control(const std::string& identity, const ControlRecord& control) {
    if (identity != device) return false;
    for (ControlRecord& c : controls)
        if (same_control(c, control)) {
            c = control;
            return true;
        }
    return false;
}

void HardwareControls::gone() {
    controls.clear();
    pending.reset();
    problem = "the device went away (unplugged); its controls come back when it does";
}

const ControlRecord* HardwareControls::current() const {
    return selected < controls.size() ? &controls[selected] : nullptr;
}

const DeviceRecord* device_for(const std::vector<DeviceRecord>& devices, const MixRecord* mix,
                               const std::string& source) {
    if (mix)
        for (const DeviceRecord& d : devices)
            if (contains(d.outputs, mix->name) || (mix->output && contains(d.playback_ports, (*mix->output)[0])))
                return &d;
    if (!source.empty())
        for (const DeviceRecord& d : devices)
            if (contains(d.sources, source)) return &d;
    return nullptr;
}

std::optional<ControlChange> change_for(Command command, const std::vector<ControlRecord>& controls,
                                        std::size_t selected) {
    if (selected >= controls.size()) return std::nullopt;
    const ControlRecord* target = &controls[selected];
    const std::string kind = target->kind;
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
                    value =
                        std::to_string(10 * (static_cast<int>(command) - static_cast<int>(Command::Percent0))) + "%";
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
        const long items = target->items ? static_cast<long>(target->items->size()) : 0;
        const long now = target->values.empty() ? 0 : target->values[0];
        long next = now;
        switch (command) {
            case Command::Up: next = std::min(now + 1, items - 1); break;
            case Command::Down: next = std::max(now - 1, 0L); break;
            case Command::Enter: next = items > 0 ? (now + 1) % items : 0; break;
            default: break;
        }
        if (items > 0 && next != now) value = std::to_string(next);
    }
    if (value.empty() || !target->writable) return std::nullopt;
    ControlChange change{full_name(*target), value, value, target->category == "unsafe"};
    if (value == "toggle")
        change.shown = target->values.empty() || target->values[0] ? "off" : "on";
    else if (kind == "enumeration")
        change.shown = target->items->at(static_cast<std::size_t>(std::stol(value)));
    return change;
}

std::string short_name(const ControlRecord& c) {
    std::string s = c.name;
    for (const char* suffix : {" Volume", " Switch", " Enum", " Route"}) s = strip_suffix(s, suffix);
    for (const char* suffix : {" Playback", " Capture"}) s = strip_suffix(s, suffix);
    return c.index ? s + " " + std::to_string(c.index) : s;
}

std::string value_text(const ControlRecord& c, std::size_t channel) {
    if (channel >= c.values.size()) return "-";
    const long raw = c.values[channel];
    if (c.kind == "switch") return raw ? "on" : "off";
    if (c.kind == "enumeration") {
        const std::size_t items = c.items ? c.items->size() : 0;
        return raw >= 0 && static_cast<std::size_t>(raw) < items ? (*c.items)[static_cast<std::size_t>(raw)] : "?";
    }
    char buf[32];
    if (c.db && channel < c.db->size()) {
        if (!(*c.db)[channel]) return "mute";
        const double db = *(*c.db)[channel];
        std::snprintf(buf, sizeof buf, "%.1f", std::fabs(db) < 0.05 ? 0.0 : db);
        return buf;
    }
    const long lo = c.min.value_or(0L), hi = c.max.value_or(0L);
    const double pct = hi > lo ? 100.0 * static_cast<double>(raw - lo) / static_cast<double>(hi - lo) : 0.0;
    std::snprintf(buf, sizeof buf, "%ld%%", std::lround(pct));
    return buf;
}

}  // namespace headamp::cli::tui
