// Small text helpers shared by the rooms: matching what a user typed against names, reading kernel text.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace headamp {

// ASCII lowercase: names are matched case-insensitively ("MIX1" is "mix1", "Input Gain" is "input gain").
inline std::string lowercase(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Without surrounding whitespace (spaces, tabs, CR, LF), as sysfs and /proc text comes.
inline std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace headamp
