// QR codes as text (see qr_code.hpp).
#include "cli/qr_code.hpp"

#include <qrencode.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace headamp::cli {

namespace {

constexpr int kQuietZone = 4;  // modules of light border, as ISO/IEC 18004 asks

struct QrFree {
    void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

std::vector<std::string> qr_lines(const std::string& text) {
    const std::unique_ptr<QRcode, QrFree> code(QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
    if (!code) throw std::runtime_error("cannot draw a QR code of '" + text + "': " + std::strerror(errno));
    const int width = code->width;
    // Light outside the symbol (the quiet zone); bit 0 of a module is set when it is dark.
    const auto light = [&](int x, int y) {
        if (x < 0 || y < 0 || x >= width || y >= width) return true;
        return (code->data[y * width + x] & 1) == 0;
    };
    std::vector<std::string> lines;
    for (int y = -kQuietZone; y < width + kQuietZone; y += 2) {
        std::string line;
        for (int x = -kQuietZone; x < width + kQuietZone; ++x) {
            const bool top = light(x, y), bottom = light(x, y + 1);
            line += top && bottom ? "\u2588" : top ? "\u2580" : bottom ? "\u2584" : " ";
        }
        lines.push_back(line);
    }
    return lines;
}

}  // namespace headamp::cli
