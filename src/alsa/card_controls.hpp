// CardControls: one card's controls through snd_hctl: discovery, read/write, and mirroring of outside changes.
#pragma once

#include <alsa/asoundlib.h>
#include <poll.h>

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "alsa/alsa_handles.hpp"
#include "alsa/control_info.hpp"

namespace headamp::alsa {

// Opening a card failed (it does not exist, is gone already, or the name is unknown).
class AlsaError : public std::runtime_error {
public:
    AlsaError(const std::string& what, int err) : std::runtime_error(what), error(err) {}
    int error;  // negative errno from libasound
};

class CardControls {
public:
    // Opens "hw:N", "hw:ID" or any ctl name of the global ALSA configuration. Throws AlsaError.
    static std::unique_ptr<CardControls> open(const std::string& ctl_name);
    // Same, but the ctl name is looked up in `alsa_config` (ALSA configuration syntax) instead of the
    // global configuration: how the tests load their control-plugin test double.
    static std::unique_ptr<CardControls> open(const std::string& ctl_name, const std::string& alsa_config);

    ~CardControls();
    CardControls(const CardControls&) = delete;
    CardControls& operator=(const CardControls&) = delete;

    const std::string& name() const { return name_; }
    const std::vector<ControlInfo>& controls() const { return infos_; }
    const ControlInfo* find(const ControlId& id) const;

    // Last known values (read at open, after each own write, and on each outside change).
    std::optional<ControlValues> values(const ControlId& id) const;

    // Writes every channel (a single value is spread to all channels). Values are clamped to the
    // control's range. Returns false when the control is unknown, read-only, or the write failed;
    // a write that finds the card gone marks it gone. A write never comes back through on_change.
    bool write(const ControlId& id, ControlValues values);
    // Volume helper: the raw value for `db` rounded as asked, on every channel. False without dB info.
    bool write_db(const ControlId& id, double db, Rounding rounding = Rounding::Down);

    // --- mirroring, for the daemon's MainLoop ---
    // The descriptors to watch, with the events to watch them for; none once the card is reported gone.
    std::vector<pollfd> poll_descriptors() const;
    // Call when one of them is ready. Reports outside changes through on_change and a vanished card
    // through on_gone (once). Never throws, whatever the card or the callbacks do.
    void on_poll(int fd, short revents) noexcept;

    // A control changed by someone else (alsamixer, a knob that reports, another program).
    std::function<void(const ControlInfo& control, const ControlValues& values)> on_change;
    // The card disappeared (-ENODEV, POLLERR). Called once, as the last thing CardControls does in that
    // pass; stop watching its descriptors and destroy it afterwards (not from inside the callback).
    std::function<void()> on_gone;
    bool gone() const { return gone_; }

private:
    struct Entry {
        snd_hctl_elem_t* elem = nullptr;  // borrowed from hctl_
        bool is64 = false;                // INTEGER64: read and written through the 64-bit accessors
        ControlValues cached;
        bool changed = false;  // set by the hctl callback, consumed after handle_events (alsamixer's habit)
    };

    CardControls(std::string name, HctlPtr hctl);
    void load();
    std::optional<ControlValues> read(std::size_t i);
    std::size_t index_of(const ControlId& id) const;
    void mark_gone();
    void dispatch_changes();
    static int elem_callback(snd_hctl_elem_t* elem, unsigned int mask);

    std::string name_;
    HctlPtr hctl_;
    std::vector<ControlInfo> infos_;
    std::vector<Entry> entries_;  // parallel to infos_; never resized after load() (callbacks point into it)
    bool gone_ = false;
    bool gone_reported_ = false;
};

}  // namespace headamp::alsa
