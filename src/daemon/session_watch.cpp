// The JackSession's fd and timeouts in the main loop (see session_watch.hpp).
#include "daemon/session_watch.hpp"

namespace headamp::daemon {

SessionWatch::SessionWatch(MainLoop& loop, jack::JackSession& session) : loop_(loop), session_(session) {
    tick_ = loop_.add_tick([this](MainLoop::Clock::time_point now) { return tick(now); });
}

SessionWatch::~SessionWatch() {
    loop_.remove_tick(tick_);
    if (watched_fd_ >= 0) loop_.unwatch(watched_fd_);
}

std::optional<std::chrono::milliseconds> SessionWatch::tick(MainLoop::Clock::time_point now) {
    session_.on_timeout(now);
    if (session_.fd() != watched_fd_) {
        if (watched_fd_ >= 0) loop_.unwatch(watched_fd_);
        watched_fd_ = session_.fd();
        if (watched_fd_ >= 0) loop_.watch(watched_fd_, [this](short) { session_.on_readable(); });
    }
    if (session_.connected()) return std::chrono::milliseconds(1000);  // reclaim old snapshots now and then
    return std::chrono::milliseconds(session_.timeout_ms(MainLoop::Clock::now()));
}

}  // namespace headamp::daemon
