// What one control client asked to be told: change events, and meters at a rate of its choosing.
#pragma once

#include <chrono>

namespace headamp::control {

struct Subscription {
    bool events = false;     // state, JACK and device events
    double meters_hz = 0.0;  // 0: no meters
    std::chrono::steady_clock::time_point next_meters{};
};

inline constexpr double kMaxMetersHz = 60.0;

}  // namespace headamp::control
