// Hardware-first gain staging: one master dB split between a device's output volume and software gain.
#pragma once

#include "alsa/db_scale.hpp"

namespace headamp::alsa {

struct StagedGain {
    long hw_raw = 0;     // value to write to the hardware volume control
    double hw_db = 0.0;  // what that value is in dB (kMuteDb when muted)
    double sw_db = 0.0;  // gain the mix applies in software; hw_db + sw_db == master (or silence)
};

// The hardware takes as much of `master_db` as it can, down to its lowest audible step, so the
// digital path keeps its headroom; the software does the rest: the part above the hardware maximum,
// the part below its minimum, and the fraction of a hardware step. Inside the hardware range the
// hardware is rounded up and the software attenuates the remainder (never boosts), so no digital
// gain above 0 dB is used while the hardware could still go higher. A master at or below
// core::kSilenceDb mutes the hardware when it can and sets the software to silence.
StagedGain stage_master_gain(double master_db, const DbScale& hardware);

}  // namespace headamp::alsa
