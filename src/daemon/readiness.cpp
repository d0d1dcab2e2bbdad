// Telling systemd that headampd is ready (see readiness.hpp).
#include "daemon/readiness.hpp"

#include <systemd/sd-daemon.h>

namespace headamp::daemon {

Readiness::Readiness(MainLoop& loop, const jack::JackSession& session)
    : loop_(loop), session_(session), started_(MainLoop::Clock::now()) {
    tick_ = loop_.add_tick([this](MainLoop::Clock::time_point now) { return tick(now); });
}

Readiness::~Readiness() { loop_.remove_tick(tick_); }

std::optional<std::chrono::milliseconds> Readiness::tick(MainLoop::Clock::time_point now) {
    if (ready_) return std::nullopt;
    if (session_.connected()) {
        sd_notify(0, "READY=1\nSTATUS=connected to JACK");
        ready_ = true;
    } else if (now - started_ >= kWaitForJack) {
        sd_notify(0, "READY=1\nSTATUS=waiting for a JACK server");
        ready_ = true;
    }
    return ready_ ? std::nullopt : std::optional(std::chrono::milliseconds(50));
}

}  // namespace headamp::daemon
