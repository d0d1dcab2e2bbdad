// The JackSession in the main loop: its event fd watched (a new one with every (re)connection), its
// reconnection attempts and old snapshots' reclaiming driven by a tick.
#pragma once

#include "jack/jack_session.hpp"
#include "util/main_loop.hpp"

namespace headamp::daemon {

class SessionWatch {
public:
    SessionWatch(MainLoop& loop, jack::JackSession& session);
    ~SessionWatch();
    SessionWatch(const SessionWatch&) = delete;
    SessionWatch& operator=(const SessionWatch&) = delete;

private:
    std::optional<std::chrono::milliseconds> tick(MainLoop::Clock::time_point now);

    MainLoop& loop_;
    jack::JackSession& session_;
    int watched_fd_ = -1;
    int tick_ = -1;
};

}  // namespace headamp::daemon
