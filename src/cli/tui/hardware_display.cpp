// Hardware controls view drawing (see hardware_display.hpp).
#include "cli/tui/hardware_display.hpp"

#include <curses.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "cli/tui/screen_text.hpp"

namespace headamp::cli::tui {

using control::ControlRecord;

namespace {

constexpr int kColumnWidth = 9;  // 8 for the control, 1 gap
constexpr int kLabelWidth = 8;

struct Layout {
    int value_row = 4;
    int fader_top = 5;
    int fader_height = 1;
    int marker_row = 0, name_row = 0;  // the name takes name_row and the row below
    int first = 0, columns = 0;
};

Layout layout(const HardwareControls& hw) {
    Layout l;
    l.name_row = LINES - 3;
    l.marker_row = LINES - 4;
    l.fader_height = std::max(1, l.marker_row - l.fader_top);
    const int n = static_cast<int>(hw.controls.size());
    const int per_page = std::max(1, (COLS - 1) / kColumnWidth);
    // A page at a time, keeping the selected control in sight, as alsamixer scrolls.
    l.first = (static_cast<int>(hw.selected) / per_page) * per_page;
    l.columns = std::min(per_page, n - l.first);
    return l;
}

double fraction(const ControlRecord& c, std::size_t channel) {
    const long lo = c.min.value_or(0L), hi = c.max.value_or(0L);
    if (hi <= lo || channel >= c.values.size()) return 0.0;
    return std::clamp(static_cast<double>(c.values[channel] - lo) / static_cast<double>(hi - lo), 0.0, 1.0);
}

// Two half-width bars when the channels differ, like alsamixer's stereo faders.
void draw_fader(int x, const Layout& l, const ControlRecord& c) {
    const std::size_t channels = c.values.size();
    for (int row = 0; row < l.fader_height; ++row) {
        const int y = l.fader_top + l.fader_height - 1 - row;
        mvaddch(y, x + 1, ACS_VLINE);
        mvaddch(y, x + 6, ACS_VLINE);
        for (int half = 0; half < 2; ++half) {
            const std::size_t ch = channels > 1 ? static_cast<std::size_t>(half) : 0;
            const int filled = static_cast<int>(std::lround(fraction(c, ch) * l.fader_height));
            if (row < filled) {
                attron(pair(kFader));
                mvaddstr(y, x + 2 + 2 * half, has_colors() ? "  " : "##");
                attroff(pair(kFader));
            }
        }
    }
}

void draw_switch(int x, const Layout& l, const ControlRecord& c) {
    const bool on = !c.values.empty() && c.values[0] != 0;
    const int y = l.fader_top + l.fader_height - 1;
    const bool unsafe = c.category == "unsafe";
    const attr_t a = on ? (unsafe ? pair(kMuted) : pair(kMeterLow)) | A_REVERSE : A_NORMAL;
    mvaddstr(y, x + 1, "[");
    attron(a);
    mvaddstr(y, x + 2, on ? " on " : "off ");
    attroff(a);
    mvaddstr(y, x + 6, "]");
}

std::string marker(const ControlRecord& c) {
    const std::string& cat = c.category;
    if (cat == "unsafe") return "UNSAFE";
    if (cat == "output") return "out";
    if (cat == "direct-monitor") return "monitor";
    if (cat == "input-gain") return "gain";
    return "";
}

// Word-wraps the label over two rows of kLabelWidth.
void draw_name(int x, const Layout& l, const std::string& name, attr_t a) {
    std::string first = name, second;
    const auto space = name.rfind(' ', static_cast<std::size_t>(kLabelWidth));
    if (static_cast<int>(name.size()) > kLabelWidth && space != std::string::npos && space > 0) {
        first = name.substr(0, space);
        second = name.substr(space + 1);
    }
    centred(l.name_row, x, kLabelWidth, first, a);
    if (!second.empty() && l.name_row + 1 < LINES - 1) centred(l.name_row + 1, x, kLabelWidth, second, a);
}

std::string item_line(const ControlRecord& c) {
    std::string line = "Item: " + c.name + "," + std::to_string(c.index) + " [";
    for (std::size_t ch = 0; ch < c.values.size(); ++ch) {
        if (ch) line += " ";
        line += value_text(c, ch);
        if (c.kind == "volume" && c.db && ch < c.db->size() && (*c.db)[ch]) line += "dB";
    }
    line += "]";
    if (c.db_min) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " %.1f..%.1f dB", *c.db_min, c.db_max.value_or(0.0));
        line += buf;
    }
    if (c.category == "unsafe") line += "  unsafe: asks before changing";
    if (!c.writable) line += "  read-only";
    return line;
}

}  // namespace

void draw_hardware(const HardwareControls& hw) {
    mvaddstr(1, 0,
             fit("Card: " + (hw.device.empty() ? std::string("(none)") : hw.device) + "   Esc: back  F1: help", COLS)
                 .c_str());
    if (hw.controls.empty()) {
        centred(LINES / 2, 0, COLS, hw.problem);
        return;
    }
    if (const ControlRecord* c = hw.current()) mvaddstr(2, 0, fit(item_line(*c), COLS).c_str());
    const Layout l = layout(hw);
    for (int i = 0; i < l.columns; ++i) {
        const std::size_t index = static_cast<std::size_t>(l.first + i);
        const ControlRecord& c = hw.controls[index];
        const int x = i * kColumnWidth;
        const bool selected = index == hw.selected;
        const std::string& kind = c.kind;
        centred(l.value_row, x, kLabelWidth, value_text(c), selected ? A_BOLD : A_NORMAL);
        if (kind == "volume")
            draw_fader(x, l, c);
        else if (kind == "switch")
            draw_switch(x, l, c);
        else
            centred(l.fader_top + l.fader_height / 2, x, kLabelWidth, "<" + fit(value_text(c), kLabelWidth - 2) + ">");
        const bool unsafe = c.category == "unsafe";
        centred(l.marker_row, x, kLabelWidth, marker(c), unsafe ? pair(kError) | A_BOLD : A_NORMAL);
        draw_name(x, l, short_name(c), selected ? pair(kSelected) | A_REVERSE : A_NORMAL);
    }
    const int n = static_cast<int>(hw.controls.size());
    if (l.first > 0) mvaddstr(l.value_row, 0, "<");
    if (l.first + l.columns < n) mvaddstr(l.value_row, l.columns * kColumnWidth - 1, ">");
    char count[48];
    std::snprintf(count, sizeof count, "%zu/%d", hw.selected + 1, n);
    mvaddstr(3, 0, count);
}

}  // namespace headamp::cli::tui
