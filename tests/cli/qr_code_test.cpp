// The QR codes headamp draws in the terminal read back as the link they carry: the half-block lines are
// turned back into modules, written as an image, and decoded by zbarimg (zbar-tools), as a phone would.
#include "cli/qr_code.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "cli/remote_render.hpp"

namespace headamp::cli {
namespace {

// The drawn modules: true where light. Each character is two rows (top, bottom).
std::vector<std::vector<bool>> modules_of(const std::vector<std::string>& lines) {
    std::vector<std::vector<bool>> rows;
    for (const std::string& line : lines) {
        std::vector<bool> top, bottom;
        for (std::size_t i = 0; i < line.size();) {
            if (line[i] == ' ') {
                top.push_back(false);
                bottom.push_back(false);
                ++i;
                continue;
            }
            const std::string ch = line.substr(i, 3);
            EXPECT_TRUE(ch == "\u2588" || ch == "\u2580" || ch == "\u2584") << "unexpected character in " << line;
            top.push_back(ch == "\u2588" || ch == "\u2580");
            bottom.push_back(ch == "\u2588" || ch == "\u2584");
            i += 3;
        }
        rows.push_back(top);
        rows.push_back(bottom);
    }
    return rows;
}

// What zbarimg reads in the modules, drawn 6 pixels a module on a dark surround (a terminal's background).
std::string decode(const std::vector<std::vector<bool>>& rows) {
    constexpr int kScale = 6, kSurround = 3;
    const int w = static_cast<int>(rows.at(0).size()), h = static_cast<int>(rows.size());
    const int pw = (w + 2 * kSurround) * kScale, ph = (h + 2 * kSurround) * kScale;
    const std::string file = "/tmp/headamp-qr-" + std::to_string(getpid()) + ".pgm";
    {
        std::ofstream out(file, std::ios::binary);
        out << "P5\n" << pw << " " << ph << "\n255\n";
        for (int y = 0; y < ph; ++y)
            for (int x = 0; x < pw; ++x) {
                const int mx = x / kScale - kSurround, my = y / kScale - kSurround;
                const bool light = mx >= 0 && my >= 0 && mx < w && my < h && rows[my][mx];
                out.put(static_cast<char>(light ? 255 : 0));
            }
    }
    std::string text;
    if (FILE* p = popen(("zbarimg --quiet --raw -Sdisable -Sqrcode.enable " + file + " 2>/dev/null").c_str(), "r")) {
        char buf[4096];
        for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
        pclose(p);
    }
    std::remove(file.c_str());
    if (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
}

TEST(QrCode, EveryLineIsAsWideAsTheCodeIsTall) {
    const std::vector<std::string> lines =
        qr_lines("http://192.0.2.7:8080/#mix=mix1&k=0123456789abcdef0123456789abcdef");
    const auto rows = modules_of(lines);
    for (const auto& row : rows) EXPECT_EQ(row.size(), rows[0].size());
    // The symbol plus a four-module quiet zone each side; the last line's lower half is quiet zone too.
    EXPECT_EQ(rows[0].size() % 4, 1u) << "21 + 4k modules, + 8";
    EXPECT_EQ(rows.size(), rows[0].size() + 1);
    for (bool light : rows[0]) EXPECT_TRUE(light) << "the top row is quiet zone";
}

TEST(QrCode, ReadsBackAsTheLink) {
    for (const std::string& url :
         {std::string("http://192.0.2.7:8080/#mix=mix1&k=0123456789abcdef0123456789abcdef"),
          std::string("http://[2001:db8::1]:8080/#mix=Bass%20%26%20Keys&k=fedcba9876543210fedcba9876543210"),
          std::string("http://headamp.local:8080/#k=") + std::string(32, 'a'), std::string("x")})
        EXPECT_EQ(decode(modules_of(qr_lines(url))), url);
}

TEST(QrCode, TheRemoteListingDrawsEachMixsLink) {
    const nlohmann::json answer = {
        {"mixes",
         {{{"mix", "drums"}, {"url", "http://192.0.2.7:8080/#mix=drums&k=11111111111111111111111111111111"}},
          {{"mix", "bass"}, {"url", "http://192.0.2.7:8080/#mix=bass&k=22222222222222222222222222222222"}}}},
        {"admin_url", "http://192.0.2.7:8080/#k=33333333333333333333333333333333"},
        {"admin_token", "33333333333333333333333333333333"},
        {"view_url", "http://192.0.2.7:8080/#k=44444444444444444444444444444444"},
        {"view_token", "44444444444444444444444444444444"},
        {"osc_port", 9000}};
    const std::string text = render_remote(answer);
    // Each code is the lines indented by two spaces after its mix's line, up to the blank line.
    std::vector<std::string> decoded;
    std::vector<std::string> code;
    std::size_t start = 0;
    for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
        const std::string line = text.substr(start, nl - start);
        if (line.rfind("  ", 0) == 0) {
            code.push_back(line.substr(2));
        } else if (!code.empty()) {
            decoded.push_back(decode(modules_of(code)));
            code.clear();
        }
    }
    ASSERT_EQ(decoded.size(), 2u) << text;
    EXPECT_EQ(decoded[0], answer["mixes"][0]["url"]);
    EXPECT_EQ(decoded[1], answer["mixes"][1]["url"]);
    EXPECT_NE(text.find("mix drums  http://192.0.2.7:8080/#mix=drums&k=1111"), std::string::npos) << text;
    EXPECT_NE(text.find("admin (every mix)  http://192.0.2.7:8080/#k=3333"), std::string::npos) << text;
    EXPECT_NE(text.find("OSC: udp port 9000"), std::string::npos) << text;
}

}  // namespace
}  // namespace headamp::cli
