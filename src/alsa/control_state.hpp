// Saving every control of a device and restoring it on replug, never writing unsafe controls.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "alsa/card_controls.hpp"

namespace headamp::alsa {

// {"device": identity, "controls": [{"name", "index", "kind", "values": [...]}, ...]}; enumeration
// values are saved as item names so a driver that reorders items still restores the right one.
// Unsafe controls are saved too (for display), restore skips them.
nlohmann::json save_controls(const CardControls& card, const std::string& device_identity);

struct RestoreReport {
    std::vector<ControlId> written;
    std::vector<ControlId> skipped_unsafe;   // phantom power, pad, air: never written by restore
    std::vector<ControlId> skipped_missing;  // saved but not on this card (another firmware)
    std::vector<ControlId> failed;           // a value that does not fit the control, or the write failed
};

// Writes the saved values back. Controls that already hold the saved value, and read-only controls,
// are not written.
// Never throws on malformed entries (they are reported as failed).
RestoreReport restore_controls(CardControls& card, const nlohmann::json& saved);

}  // namespace headamp::alsa
