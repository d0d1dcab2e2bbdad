// Finds the control of a card that a user names: amixer's "NAME,INDEX" (no index is index 0, as in
// amixer), the name by util/name_match.hpp's rule (case-insensitive, in full or by unique prefix).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "alsa/control_info.hpp"

namespace headamp::alsa {

struct ControlLookup {
    const ControlInfo* control = nullptr;  // into the searched list; null when error is set
    std::string error;                     // a sentence for the user: no such control, ambiguous, bad index
};

ControlLookup find_control(const std::vector<ControlInfo>& controls, std::string_view name);

}  // namespace headamp::alsa
