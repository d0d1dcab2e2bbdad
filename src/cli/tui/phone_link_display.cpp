// The phone link view's drawing (see phone_link_display.hpp).
#include "cli/tui/phone_link_display.hpp"

#include <curses.h>

#include <vector>

#include "cli/qr_code.hpp"
#include "cli/tui/screen_text.hpp"

namespace headamp::cli::tui {

namespace {

// The code's width in columns: every cell of a line is one character, some of three bytes.
int columns_of(const std::string& line) {
    int n = 0;
    for (const unsigned char c : line) n += (c & 0xC0) != 0x80;
    return n;
}

}  // namespace

void draw_phone_link(const PhoneLinks& links, const std::string& mix) {
    mvaddstr(2, 0, fit("Phone link of mix " + mix + ": scan it, or open it on the phone.   Esc: back", COLS).c_str());
    if (!links.answered) {
        centred(LINES / 2, 0, COLS, "asking headampd for the link...");
        return;
    }
    if (!links.error.empty()) {
        centred(LINES / 2, 0, COLS, links.error, pair(kError));
        return;
    }
    const auto url = links.urls.find(mix);
    if (!links.page_on || url == links.urls.end()) {
        const auto token = links.tokens.find(mix);
        centred(LINES / 2 - 1, 0, COLS, "The phone page is off: set [remote] listen = \"ADDR:PORT\" in headamp.conf.");
        if (token != links.tokens.end()) centred(LINES / 2 + 1, 0, COLS, "token of mix " + mix + ": " + token->second);
        return;
    }
    const std::vector<std::string> code = qr_lines(url->second);
    const int height = static_cast<int>(code.size());
    const int width = columns_of(code.front());
    if (height + 5 > LINES || width > COLS) {
        centred(LINES / 2 - 1, 0, COLS,
                "make the window at least " + std::to_string(width) + "x" + std::to_string(height + 5) +
                    " to show the QR code");
    } else {
        const int x = (COLS - width) / 2;
        for (int i = 0; i < height; ++i) mvaddstr(3 + i, x, code[static_cast<std::size_t>(i)].c_str());
    }
    centred(LINES - 2, 0, COLS, url->second, A_BOLD);
}

}  // namespace headamp::cli::tui
