// Splits a byte stream into newline-terminated lines, refusing lines longer than a limit.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace headamp::control {

inline constexpr std::size_t kMaxLineBytes = 64 * 1024;

struct Line {
    std::string text;       // without the newline; empty when too_long
    bool too_long = false;  // the line exceeded the limit and was dropped whole
};

class LineReader {
public:
    explicit LineReader(std::size_t max_bytes = kMaxLineBytes) : max_(max_bytes) {}
    // Appends bytes; returns the lines completed by them. A line over the limit is reported once,
    // as soon as it is known to be too long, and its remaining bytes up to the newline are skipped.
    std::vector<Line> feed(std::string_view bytes);

private:
    std::size_t max_;
    std::string partial_;
    bool skipping_ = false;
};

}  // namespace headamp::control
