// Control values to and from JSON, with the unsafe categories excluded from restore.
#include "alsa/control_state.hpp"

#include <algorithm>

#include "util/log.hpp"

namespace headamp::alsa {

nlohmann::json save_controls(const CardControls& card, const std::string& device_identity) {
    nlohmann::json controls = nlohmann::json::array();
    for (const ControlInfo& c : card.controls()) {
        if (c.kind == Kind::Other || !c.readable) continue;
        const std::optional<ControlValues> v = card.values(c.id);
        if (!v) continue;
        nlohmann::json values = nlohmann::json::array();
        for (long x : *v) {
            if (c.kind == Kind::Enumeration && x >= 0 && static_cast<std::size_t>(x) < c.items.size())
                values.push_back(c.items[static_cast<std::size_t>(x)]);
            else if (c.kind == Kind::Switch)
                values.push_back(x != 0);
            else
                values.push_back(x);
        }
        controls.push_back(
            {{"name", c.id.name}, {"index", c.id.index}, {"kind", kind_name(c.kind)}, {"values", values}});
    }
    return {{"device", device_identity}, {"controls", controls}};
}

namespace {

// One saved value back to raw, or nothing when it does not fit the control.
std::optional<long> to_raw(const ControlInfo& c, const nlohmann::json& v) {
    if (c.kind == Kind::Enumeration && v.is_string()) {
        auto it = std::find(c.items.begin(), c.items.end(), v.get<std::string>());
        if (it == c.items.end()) return std::nullopt;
        return static_cast<long>(it - c.items.begin());
    }
    if (c.kind == Kind::Switch && v.is_boolean()) return v.get<bool>() ? 1 : 0;
    if (v.is_number_integer()) {
        const long x = v.get<long>();
        if (x < c.raw_min || x > c.raw_max) return std::nullopt;
        return x;
    }
    return std::nullopt;
}

}  // namespace

RestoreReport restore_controls(CardControls& card, const nlohmann::json& saved) {
    RestoreReport report;
    if (!saved.is_object() || !saved.contains("controls") || !saved["controls"].is_array()) return report;
    for (const nlohmann::json& entry : saved["controls"]) {
        if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string()) continue;
        ControlId id{entry["name"].get<std::string>(), 0};
        if (entry.contains("index") && entry["index"].is_number_unsigned()) id.index = entry["index"].get<unsigned>();
        const ControlInfo* c = card.find(id);
        if (!c) {
            report.skipped_missing.push_back(id);
            continue;
        }
        // Checked on the live control's name, not on anything stored: a saved file cannot unlock it.
        if (c->category == Category::Unsafe) {
            report.skipped_unsafe.push_back(id);
            continue;
        }
        if (!c->writable) continue;  // status and hardware knobs: saved for display, nothing to restore
        ControlValues values;
        bool ok = entry.contains("values") && entry["values"].is_array() && !entry["values"].empty();
        if (ok) {
            for (const nlohmann::json& v : entry["values"]) {
                const std::optional<long> raw = to_raw(*c, v);
                if (!raw) {
                    ok = false;
                    break;
                }
                values.push_back(*raw);
            }
        }
        if (!ok) {
            report.failed.push_back(id);
            continue;
        }
        values.resize(c->channels, values.back());
        if (card.values(id) == values) continue;
        if (card.write(id, values))
            report.written.push_back(id);
        else
            report.failed.push_back(id);
    }
    if (!report.failed.empty())
        log::info(card.name(), ": ", report.failed.size(), " saved control value(s) not restored");
    return report;
}

}  // namespace headamp::alsa
