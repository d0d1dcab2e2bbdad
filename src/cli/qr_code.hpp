// A link drawn as a QR code in a terminal: libqrencode makes the modules, half-block characters draw
// two rows of them per line.
#pragma once

#include <string>
#include <vector>

namespace headamp::cli {

// `text` as a QR code (error correction level M), with its four-module quiet zone, as UTF-8 lines of
// equal width: light modules are drawn (█ ▀ ▄), dark ones are blank, so on a terminal's dark background
// it reads as dark on light, as a camera expects. Throws std::runtime_error when libqrencode cannot
// encode it (text too long).
std::vector<std::string> qr_lines(const std::string& text);

}  // namespace headamp::cli
