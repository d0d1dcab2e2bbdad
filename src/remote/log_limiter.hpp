// Keeps a flood of refused packets from flooding the journal: a few lines per window, then one line
// saying how many were left out.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "util/log.hpp"

namespace headamp::remote {

class LogLimiter {
public:
    using Clock = std::chrono::steady_clock;

    explicit LogLimiter(std::size_t lines_per_window = 10, std::chrono::seconds window = std::chrono::seconds(10))
        : lines_per_window_(lines_per_window), window_(window) {}

    // Logs `line` as a warning unless this window's lines are spent.
    void warning(const std::string& line, Clock::time_point now = Clock::now()) {
        if (now - window_start_ >= window_) {
            if (left_out_ > 0) log::warning("osc: ", left_out_, " more refusals were not logged");
            window_start_ = now;
            logged_ = 0;
            left_out_ = 0;
        }
        if (logged_ < lines_per_window_) {
            ++logged_;
            log::warning(line);
            return;
        }
        ++left_out_;
    }

private:
    std::size_t lines_per_window_;
    std::chrono::seconds window_;
    Clock::time_point window_start_{};
    std::size_t logged_ = 0;
    std::size_t left_out_ = 0;
};

}  // namespace headamp::remote
