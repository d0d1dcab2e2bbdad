// Small drawing helpers the screens share: the colour pairs, and text cut or centred to a width.
#pragma once

#include <curses.h>

#include <string>

namespace headamp::cli::tui {

enum Pair : short { kTitle = 1, kFader, kMeterLow, kMeterMid, kMeterHigh, kMuted, kSelected, kError };

inline attr_t pair(Pair p) { return has_colors() ? static_cast<attr_t>(COLOR_PAIR(p)) : A_NORMAL; }

inline std::string fit(const std::string& s, int width) {
    if (width <= 0) return "";
    if (static_cast<int>(s.size()) <= width) return s;
    return s.substr(0, static_cast<std::size_t>(width));
}

inline void centred(int y, int x, int width, const std::string& text, attr_t attr = A_NORMAL) {
    const std::string t = fit(text, width);
    attron(attr);
    mvaddstr(y, x + (width - static_cast<int>(t.size())) / 2, t.c_str());
    attroff(attr);
}

}  // namespace headamp::cli::tui
