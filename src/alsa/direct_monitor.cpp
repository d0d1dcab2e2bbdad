// DirectMonitor: silence the hardware monitor path, remember it, put it back.
#include "alsa/direct_monitor.hpp"

#include <algorithm>
#include <optional>

#include "util/log.hpp"

namespace headamp::alsa {

namespace {

// The value that silences a direct-monitor control, or nothing when this kind cannot be silenced.
std::optional<long> silent_value(const ControlInfo& c) {
    switch (c.kind) {
        case Kind::Switch: return 0;
        case Kind::Volume: return c.db && c.db->has_mute() ? c.db->raw_min() : c.raw_min;
        case Kind::Enumeration: {
            auto it = std::find_if(c.items.begin(), c.items.end(),
                                   [](const std::string& s) { return s == "Off" || s == "off" || s == "OFF"; });
            if (it == c.items.end()) return std::nullopt;
            return static_cast<long>(it - c.items.begin());
        }
        case Kind::Other: return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace

void DirectMonitor::engage() {
    if (engaged_ || policy_ == DirectMonitorPolicy::Leave || card_.gone()) return;
    engaged_ = true;
    for (const ControlInfo& c : card_.controls()) {
        if (c.category != Category::DirectMonitor || !c.writable) continue;
        const std::optional<long> silent = silent_value(c);
        const std::optional<ControlValues> before = card_.values(c.id);
        if (!silent || !before) continue;
        const ControlValues target(c.channels, *silent);
        if (*before == target) continue;  // already off: nothing to put back
        if (!card_.write(c.id, target)) continue;
        saved_.push_back({c.id, *before, card_.values(c.id).value_or(target)});
        log::info(card_.name(), ": hardware direct monitor '", c.id.name, "' off while monitoring in software");
    }
}

void DirectMonitor::release() noexcept {
    if (!engaged_) return;
    engaged_ = false;
    try {
        for (const Saved& s : saved_) {
            if (card_.gone()) break;
            if (card_.values(s.id) != s.wrote) continue;  // changed by the user since: leave their setting
            card_.write(s.id, s.before);
        }
    } catch (...) {
        // Putting the hardware back is best effort; a card that vanished keeps no state anyway.
    }
    saved_.clear();
}

}  // namespace headamp::alsa
