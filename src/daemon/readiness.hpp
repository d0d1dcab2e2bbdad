// systemd readiness (Type=notify): READY=1 once the graph is up, or after a few seconds without a JACK
// server (headampd keeps trying on its own; starting the unit should not hang on it).
#pragma once

#include "jack/jack_session.hpp"
#include "util/main_loop.hpp"

namespace headamp::daemon {

class Readiness {
public:
    static constexpr std::chrono::seconds kWaitForJack{3};

    Readiness(MainLoop& loop, const jack::JackSession& session);
    ~Readiness();
    Readiness(const Readiness&) = delete;
    Readiness& operator=(const Readiness&) = delete;

private:
    std::optional<std::chrono::milliseconds> tick(MainLoop::Clock::time_point now);

    MainLoop& loop_;
    const jack::JackSession& session_;
    MainLoop::Clock::time_point started_;
    bool ready_ = false;
    int tick_ = -1;
};

}  // namespace headamp::daemon
