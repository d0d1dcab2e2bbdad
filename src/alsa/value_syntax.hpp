// amixer's value syntax for setting a control from the command line: "-12dB", "3dB+", "80%", "5-",
// "on"/"off"/"toggle", enumeration item names; comma-separated for one value per channel.
#pragma once

#include <string>
#include <string_view>

#include "alsa/control_info.hpp"

namespace headamp::alsa {

struct ParsedValue {
    ControlValues values;  // raw, one per channel of the control; empty when error is set
    std::string error;     // a sentence for the user
};

// `current` is the control's present value (relative changes and "toggle" start from it).
// Absolute dB rounds down (never louder than asked), "+" steps round up and "-" steps round down,
// so a relative change always moves in the asked direction when the hardware can.
ParsedValue parse_value(const ControlInfo& control, const ControlValues& current, std::string_view text);

}  // namespace headamp::alsa
