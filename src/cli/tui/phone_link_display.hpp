// Drawing the phone link view: the mix's link as a QR code to scan from the screen, and as text.
#pragma once

#include <string>

#include "cli/tui/phone_link.hpp"

namespace headamp::cli::tui {

// Below the title line, which the caller has drawn.
void draw_phone_link(const PhoneLinks& links, const std::string& mix);

}  // namespace headamp::cli::tui
