// Small text helpers shared by the rooms that match what a user typed against names.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace headamp {

// ASCII lowercase: names are matched case-insensitively ("MIX1" is "mix1", "Input Gain" is "input gain").
inline std::string lowercase(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

}  // namespace headamp
