// Turning a device's hardware direct-monitor path off while software monitoring runs, and back on after.
#pragma once

#include <vector>

#include "alsa/card_controls.hpp"

namespace headamp::alsa {

enum class DirectMonitorPolicy {
    Off,    // turn the hardware path off while headamp monitors in software (the default)
    Leave,  // never touch it
};

// docs/ARCHITECTURE.md stereo rule 4: the mono hardware path and the stereo software path heard together comb
// filter and double the level. While engaged, every DirectMonitor control of the card is silenced
// (switches off, volumes to their minimum, enumerations to an item named "Off"); release() puts
// back what was there, except where someone changed a control since (their choice wins).
class DirectMonitor {
public:
    struct Saved {
        ControlId id;
        ControlValues before;  // what the card had
        ControlValues wrote;   // what headamp set
    };

    DirectMonitor(CardControls& card, DirectMonitorPolicy policy) : card_(card), policy_(policy) {}
    ~DirectMonitor() { release(); }
    DirectMonitor(const DirectMonitor&) = delete;
    DirectMonitor& operator=(const DirectMonitor&) = delete;

    void engage();
    void release() noexcept;
    bool engaged() const { return engaged_; }
    const std::vector<Saved>& saved() const { return saved_; }

private:
    CardControls& card_;
    DirectMonitorPolicy policy_;
    bool engaged_ = false;
    std::vector<Saved> saved_;
};

}  // namespace headamp::alsa
