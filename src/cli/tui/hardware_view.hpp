// The hardware controls view's state and rules: which device's ALSA controls are shown (as the daemon
// last reported them), which one is selected, a change to an unsafe control awaiting confirmation, and
// what amixer value each key asks of a control. No curses and no socket here.
#pragma once

#include <optional>
#include <string>

#include <vector>

#include "cli/tui/bindings.hpp"
#include "control/records.hpp"

namespace headamp::cli::tui {

// One change for the daemon's "control" request, in amixer syntax.
struct ControlChange {
    std::string name;     // "NAME,INDEX"
    std::string value;    // "1dB+", "toggle", an item's index ...
    std::string shown;    // what it will be, for the confirmation question
    bool unsafe = false;  // phantom power / pad / air: only after the user confirms
};

struct HardwareControls {
    std::string device;  // identity; empty when no device was found
    std::string card;    // "USB (Focusrite Scarlett Solo USB)"
    std::vector<control::ControlRecord> controls;
    std::size_t selected = 0;
    std::optional<int64_t> list_request;   // id of the "controls" request in flight
    std::string problem;                   // why nothing is listed
    std::optional<ControlChange> pending;  // an unsafe change waiting for 'y'

    // Starts showing `device` (one of the status "devices"), or nothing with `why`.
    void open(const control::DeviceRecord& device);
    void none(std::string why);
    // A "controls" answer.
    void take_list(std::vector<control::ControlRecord> controls);
    // A control changed (a "control" event or answer); false when it is not one shown here.
    bool take_control(const std::string& identity, const control::ControlRecord& control);
    // The device went away.
    void gone();

    const control::ControlRecord* current() const;
};

// The device the view opens: the one the mix (or none) goes to, else the one `source` comes from.
// Nothing when neither is a device headamp manages.
const control::DeviceRecord* device_for(const std::vector<control::DeviceRecord>& devices,
                                        const control::MixRecord* mix, const std::string& source);

// What `command` asks of `controls[selected]` (for M on a volume: its switch, alsamixer's mute);
// nothing when the key does not apply to it.
std::optional<ControlChange> change_for(Command command, const std::vector<control::ControlRecord>& controls,
                                        std::size_t selected);

// "Headphone Playback Volume" -> "Headphone" (the column label; the full name is on the Item line).
std::string short_name(const control::ControlRecord& control);
// The value as a column shows it: "-18.5", "mute", "70%", "on", an item.
std::string value_text(const control::ControlRecord& control, std::size_t channel = 0);

}  // namespace headamp::cli::tui
