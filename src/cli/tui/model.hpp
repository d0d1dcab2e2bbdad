// What the mixer screen shows: the daemon's state and meters as last heard, which view and fader are
// selected, and dirty flags that tell the loop what to redraw (alsamixer's "changed" flags).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/tui/hardware_view.hpp"
#include "cli/tui/phone_link.hpp"
#include "control/records.hpp"

namespace headamp::cli::tui {

enum class View { Mixer, Eq, Hardware, Help, PhoneLink };

struct Model {
    std::vector<control::SourceRecord> sources;
    std::vector<control::MixRecord> mixes;
    control::MetersRecord meters;                // last meters event (empty before one)
    std::optional<control::JackRecord> jack;     // jack part of status, or the last jack event
    std::vector<control::DeviceRecord> devices;  // status "devices", kept by device events
    HardwareControls hardware;                   // the hardware controls view
    PhoneLinks links;                            // the phone link view
    std::size_t mix = 0;                         // which mix's view
    std::size_t selected = 0;                    // fader: 0..sources-1, sources.size() = the master
    int eq_band = 0;                             // 0 low, 1 mid, 2 high
    View view = View::Mixer;
    std::string message;  // bottom line: last error or hint
    bool connected = false;
    bool dirty = true;          // redraw everything
    bool meters_dirty = false;  // redraw the meters only

    // Takes the graph of status or a state event, keeping the selection sensible.
    void apply_state(control::GraphRecord state);

    // A "device" event: the list of devices present follows it.
    void apply_device(const std::string& action, const control::DeviceRecord& device);

    bool has_mix() const { return mix < mixes.size(); }
    const control::MixRecord& current_mix() const { return mixes.at(mix); }
    // The current mix's send from source `s` (a default SendRecord when the daemon sent none for it).
    control::SendRecord send(std::size_t s) const;
    bool master_selected() const { return selected >= sources.size(); }
    std::size_t fader_count() const { return sources.size() + 1; }
};

}  // namespace headamp::cli::tui
