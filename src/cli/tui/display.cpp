// Mixer screen drawing (see display.hpp): title, one vertical fader per source with its level on top,
// its pan, flags and name below and a meter beside it, the master at the right, a message line.
#include "cli/tui/display.hpp"

#include <curses.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "cli/render.hpp"
#include "cli/tui/hardware_display.hpp"
#include "cli/tui/phone_link_display.hpp"
#include "cli/tui/screen_text.hpp"
#include "control/volume_mapping.hpp"
#include "core/graph.hpp"

namespace headamp::cli::tui {

namespace {

constexpr int kColumnWidth = 9;  // one source: 6 fader + 2 meter + 1 gap
constexpr int kMasterWidth = 10;

std::string level_text(double db) {
    if (db <= core::kSilenceDb) return "off";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%+.1f", std::fabs(db) < 0.05 ? 0.0 : db);
    return buf;
}

struct Layout {
    int top;        // level text row
    int fader_top;  // first fader row
    int fader_height;
    int pan_row, flag_row, name_row;
    int first;    // first source shown
    int columns;  // sources shown
};

Layout layout(const Model& m) {
    Layout l{};
    l.top = 3;
    l.fader_top = 4;
    l.name_row = LINES - 2;
    l.flag_row = LINES - 3;
    l.pan_row = LINES - 4;
    l.fader_height = std::max(1, l.pan_row - l.fader_top);
    l.columns = std::max(1, (COLS - kMasterWidth - 1) / kColumnWidth);
    const int n = static_cast<int>(m.sources.size());
    const int sel = static_cast<int>(std::min(m.selected, m.sources.size()));
    // Keep the selected fader in sight, scrolling a page at a time like alsamixer.
    l.first = sel < n ? (sel / l.columns) * l.columns : std::max(0, ((n - 1) / l.columns) * l.columns);
    l.columns = std::min(l.columns, n - l.first);
    return l;
}

void draw_fader(int x, const Layout& l, double db, double max_db, bool muted) {
    const double pos = control::db_to_position(db, max_db);
    const int filled = static_cast<int>(std::lround(pos * l.fader_height));
    for (int row = 0; row < l.fader_height; ++row) {
        const int y = l.fader_top + l.fader_height - 1 - row;
        mvaddch(y, x, ACS_VLINE);
        mvaddch(y, x + 5, ACS_VLINE);
        if (row < filled) {
            const attr_t a = pair(muted ? kMuted : kFader) | (muted ? A_REVERSE : A_NORMAL);
            attron(a);
            mvaddstr(y, x + 1, has_colors() ? "    " : "####");
            attroff(a);
        } else {
            mvaddstr(y, x + 1, "    ");
        }
    }
}

void draw_meter(int x, const Layout& l, const control::MeterRecord* meter) {
    if (!meter) return;
    const std::vector<double>& peak_db = meter->peak_db;
    for (std::size_t ch = 0; ch < std::min<std::size_t>(2, peak_db.size()); ++ch) {
        // Meters show dBFS over the fader floor .. 0 dB with the same law as the faders.
        const double pos = control::db_to_position(peak_db[ch], 0.0);
        const int filled = static_cast<int>(std::lround(pos * l.fader_height));
        for (int row = 0; row < l.fader_height; ++row) {
            const int y = l.fader_top + l.fader_height - 1 - row;
            const double frac = static_cast<double>(row + 1) / l.fader_height;
            const Pair colour = frac > 0.9 ? kMeterHigh : frac > 0.7 ? kMeterMid : kMeterLow;
            if (row < filled) {
                attron(pair(colour));
                mvaddch(y, x + static_cast<int>(ch), has_colors() ? ' ' : '|');
                attroff(pair(colour));
            } else {
                mvaddch(y, x + static_cast<int>(ch), ' ');
            }
        }
    }
}

void draw_title(const Model& m) {
    attron(pair(kTitle) | A_BOLD);
    mvhline(0, 0, ' ', COLS);
    std::string title = " headamp";
    if (m.view == View::Hardware) {
        title += "  hardware controls: " + (m.hardware.device.empty() ? std::string("no device") : m.hardware.card);
    } else if (m.has_mix()) {
        const control::MixRecord& mix = m.current_mix();
        title += "  mix " + std::to_string(m.mix + 1) + "/" + std::to_string(m.mixes.size()) + ": " + mix.name +
                 " -> " + (mix.output ? (*mix.output)[0] + ", " + (*mix.output)[1] : std::string("(no output)"));
    }
    mvaddstr(0, 0, fit(title, COLS).c_str());
    attroff(pair(kTitle) | A_BOLD);
    if (m.view == View::Hardware) return;  // its own card line
    std::string info;
    if (m.jack && m.jack->connected)
        info = "JACK " + std::to_string(m.jack->sample_rate) + " Hz/" + std::to_string(m.jack->buffer_size) + "  ";
    info += "F1: help  Tab: next mix";
    mvaddstr(1, 0, fit(info, COLS).c_str());
}

void draw_mixer(const Model& m) {
    if (!m.has_mix()) {
        centred(LINES / 2, 0, COLS, "no mixes; add one with 'headamp mix add NAME'");
        return;
    }
    const control::MixRecord& mix = m.current_mix();
    std::string line = "master " + format_db(mix.master_db) + "  pan law " + mix.pan_law + "  limiter " +
                       format_db(mix.limiter_ceiling_db) + "  EQ " + (mix.eq.enabled ? "on" : "off") +
                       (mix.mono ? "  MONO" : "");
    mvaddstr(2, 0, fit(line, COLS).c_str());
    const Layout l = layout(m);
    for (int i = 0; i < l.columns; ++i) {
        const std::size_t s = static_cast<std::size_t>(l.first + i);
        const control::SourceRecord& src = m.sources[s];
        const control::SendRecord send = m.send(s);
        const int x = i * kColumnWidth;
        const bool selected = m.selected == s;
        const double db = send.level_db;
        centred(l.top, x, 6, level_text(db), selected ? A_BOLD : A_NORMAL);
        draw_fader(x, l, db, core::kMaxSendDb, send.mute);
        draw_meter(x + 6, l, m.meters.source(src.name));
        centred(l.pan_row, x, 6, src.stereo ? "B" + format_pan(send.pan) : format_pan(send.pan));
        std::string flags = std::string(send.mute ? "M" : "") + (send.solo ? "S" : "") + (src.stereo ? "st" : "");
        centred(l.flag_row, x, 6, flags.empty() ? "-" : flags, send.mute ? pair(kMuted) : A_NORMAL);
        centred(l.name_row, x, kColumnWidth - 1, src.name, selected ? pair(kSelected) | A_REVERSE : A_NORMAL);
    }
    if (l.first > 0) mvaddstr(l.name_row, 0, "<");
    if (l.first + l.columns < static_cast<int>(m.sources.size()))
        mvaddstr(l.name_row, l.columns * kColumnWidth - 1, ">");
    // The master, at the right.
    const int x = COLS - kMasterWidth;
    const bool selected = m.master_selected();
    const double db = mix.master_db;
    mvvline(l.top, x - 1, ACS_VLINE, l.name_row - l.top + 1);
    centred(l.top, x, 6, level_text(db), selected ? A_BOLD : A_NORMAL);
    draw_fader(x, l, db, core::kMaxMasterDb, mix.mute);
    draw_meter(x + 6, l, m.meters.mix(mix.name));
    centred(l.flag_row, x, 6, mix.mute ? "M" : "-", mix.mute ? pair(kMuted) : A_NORMAL);
    centred(l.name_row, x, kMasterWidth - 1, "Master", selected ? pair(kSelected) | A_REVERSE : A_NORMAL);
}

void draw_eq(const Model& m) {
    if (!m.has_mix()) return;
    const control::EqRecord& eq = m.current_mix().eq;
    mvaddstr(2, 0,
             fit("EQ of " + m.current_mix().name + ": " + (eq.enabled ? "on" : "off (bypassed)") +
                     "   Space: on/off  Left/Right: band  Up/Down: gain  PgUp/PgDn: frequency  Esc: back",
                 COLS)
                 .c_str());
    const char* names[] = {"low", "mid", "high"};
    const control::EqBandRecord* bands[] = {&eq.low, &eq.mid, &eq.high};
    for (int b = 0; b < 3; ++b) {
        const control::EqBandRecord& band = *bands[b];
        char buf[96];
        std::snprintf(buf, sizeof buf, "%-5s %8.0f Hz  %+5.1f dB  Q %.2f", names[b], band.freq_hz, band.gain_db,
                      band.q);
        attr_t a = b == m.eq_band ? A_REVERSE : A_NORMAL;
        attron(a);
        mvaddstr(4 + 2 * b, 2, fit(buf, COLS - 2).c_str());
        attroff(a);
    }
}

void draw_text_view(const char* const* lines) {
    for (int i = 0; lines[i] && 2 + i < LINES - 1; ++i) mvaddstr(2 + i, 1, fit(lines[i], COLS - 1).c_str());
}

const char* const kHelp[] = {
    "Left/Right      select a fader          Up/Down      +1 / -1 dB",
    "PgUp/PgDn       +5 / -5 dB              0..9         set 0 % .. 90 %",
    "M               mute                    S            solo",
    "L or <          pan left                R or >       pan right",
    "B               pan to centre           K            link / unlink stereo pair",
    "Tab, Shift-Tab  next / previous mix     F3..F12      mix 1..10",
    "E               the mix's EQ            H            hardware controls",
    "P               the mix's phone link (QR code; headamp remote)",
    "F1 or ?         this help               Esc or Q     back / quit",
    "",
    "Hardware controls (H): the interface's own ALSA controls",
    "Left/Right      select a control        Up/Down      +1 / -1 dB (or one step)",
    "PgUp/PgDn       +5 / -5 dB              0..9         set 0 % .. 90 %",
    "M or Space      toggle a switch (on a volume: its switch)",
    "Up/Down, Enter  next / previous item of an enumerated control",
    "y               confirm a change to 48V, pad or air (any other key cancels)",
    "Esc, H or Q     back to the mix",
    "",
    "Changes made elsewhere (another headamp, a script) show up here at once.",
    "Press Esc to go back.",
    nullptr,
};

}  // namespace

void init_colors() {
    if (!has_colors()) return;
    start_color();
    use_default_colors();
    init_pair(kTitle, COLOR_WHITE, COLOR_BLUE);
    init_pair(kFader, COLOR_WHITE, COLOR_WHITE);
    init_pair(kMeterLow, COLOR_GREEN, COLOR_GREEN);
    init_pair(kMeterMid, COLOR_YELLOW, COLOR_YELLOW);
    init_pair(kMeterHigh, COLOR_RED, COLOR_RED);
    init_pair(kMuted, COLOR_RED, -1);
    init_pair(kSelected, COLOR_CYAN, -1);
    init_pair(kError, COLOR_RED, -1);
}

void draw(const Model& m) {
    erase();
    if (COLS < kMinColumns || LINES < kMinLines) {
        // Degrade, do not garble: say what is needed and show the one thing that matters.
        mvaddstr(0, 0, fit("headamp: window too small", COLS).c_str());
        mvaddstr(1, 0, fit("need " + std::to_string(kMinColumns) + "x" + std::to_string(kMinLines), COLS).c_str());
        if (m.view == View::Hardware && LINES > 2) {
            if (const control::ControlRecord* c = m.hardware.current())
                mvaddstr(2, 0, fit(short_name(*c) + " " + value_text(*c), COLS).c_str());
        } else if (m.has_mix() && LINES > 2) {
            std::string s = m.current_mix().name;
            if (m.selected < m.sources.size())
                s += " " + m.sources[m.selected].name + " " + level_text(m.send(m.selected).level_db);
            mvaddstr(2, 0, fit(s, COLS).c_str());
        }
        refresh();
        return;
    }
    draw_title(m);
    if (!m.connected) {
        centred(LINES / 2 - 1, 0, COLS, "headampd is not running (or went away); retrying.");
        centred(LINES / 2, 0, COLS, "Start it with 'systemctl --user start headamp' or 'headampd &'.");
    } else if (m.view == View::Mixer) {
        draw_mixer(m);
    } else if (m.view == View::Eq) {
        draw_eq(m);
    } else if (m.view == View::Help) {
        draw_text_view(kHelp);
    } else if (m.view == View::PhoneLink) {
        draw_phone_link(m.links, m.has_mix() ? m.current_mix().name : std::string());
    } else {
        draw_hardware(m.hardware);
    }
    if (!m.message.empty()) {
        attron(pair(kError));
        mvaddstr(LINES - 1, 0, fit(m.message, COLS).c_str());
        attroff(pair(kError));
    }
    refresh();
}

void draw_meters(const Model& m) {
    if (!m.connected || m.view != View::Mixer || !m.has_mix() || COLS < kMinColumns || LINES < kMinLines) return;
    const Layout l = layout(m);
    for (int i = 0; i < l.columns; ++i) {
        const std::size_t s = static_cast<std::size_t>(l.first + i);
        draw_meter(i * kColumnWidth + 6, l, m.meters.source(m.sources[s].name));
    }
    draw_meter(COLS - kMasterWidth + 6, l, m.meters.mix(m.current_mix().name));
    refresh();
}

}  // namespace headamp::cli::tui
