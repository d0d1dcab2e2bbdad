// The session's share of a main loop, run by a test for a while so that the process callback sees a change.
#pragma once

#include <chrono>
#include <thread>

#include "jack/jack_session.hpp"

namespace headamp::test {

inline void pump(jack::JackSession& session, std::chrono::milliseconds how_long) {
    const auto end = std::chrono::steady_clock::now() + how_long;
    while (std::chrono::steady_clock::now() < end) {
        session.on_timeout(std::chrono::steady_clock::now());
        session.on_readable();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

}  // namespace headamp::test
