// amixer's value syntax for setting a control from the command line: "-12dB", "3dB+", "80%", "5-",
// "on"/"off"/"toggle", enumeration item names; comma-separated for one value per channel. The text is
// split by util/amixer_value.hpp; this reads its tokens against one control.
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
// One item sets every channel; several set one channel each, in order, and the channels after the
// last keep their value (as in amixer). A step adds its signed number, as in amixer: "3dB+" and
// "-3dB-" go up, "3dB-" and "-3dB+" go down. Absolute dB rounds down (never louder than asked), a
// step up rounds up and a step down rounds down, so a relative change always moves the way it says
// when the hardware can.
ParsedValue parse_value(const ControlInfo& control, const ControlValues& current, std::string_view text);

}  // namespace headamp::alsa
