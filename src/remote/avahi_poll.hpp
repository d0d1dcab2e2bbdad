// Avahi's client library driven by the daemon's one MainLoop: an AvahiPoll whose watches are the loop's
// fd watches and whose timeouts are a tick of the loop, so announcing on the LAN takes no thread.
#pragma once

#include <avahi-common/watch.h>

#include <list>
#include <memory>

#include "util/main_loop.hpp"

namespace headamp::remote {

class AvahiLoopPoll {
public:
    explicit AvahiLoopPoll(MainLoop& loop);
    ~AvahiLoopPoll();
    AvahiLoopPoll(const AvahiLoopPoll&) = delete;
    AvahiLoopPoll& operator=(const AvahiLoopPoll&) = delete;

    // What avahi_client_new takes. Valid while this object lives; free every Avahi object made with it
    // first.
    const AvahiPoll* api() const { return &api_; }

    // The watches and timeouts Avahi holds now (freed ones are gone), for tests.
    std::size_t watches() const;
    std::size_t timeouts() const;

    // Avahi's callbacks (the C API calls these through api_).
    AvahiWatch* watch_new(int fd, AvahiWatchEvent events, AvahiWatchCallback callback, void* userdata);
    void watch_update(AvahiWatch* w, AvahiWatchEvent events);
    void watch_free(AvahiWatch* w);
    AvahiTimeout* timeout_new(const struct timeval* tv, AvahiTimeoutCallback callback, void* userdata);
    void timeout_update(AvahiTimeout* t, const struct timeval* tv);
    void timeout_free(AvahiTimeout* t);

private:
    // The loop watches an fd once, for what all of Avahi's watches on it want (D-Bus may watch one
    // socket twice: to read and to write).
    void rewatch(int fd);
    void dispatch(int fd, short revents);
    std::optional<std::chrono::milliseconds> run_timeouts(MainLoop::Clock::time_point now);
    void reap();

    MainLoop& loop_;
    AvahiPoll api_{};
    std::list<std::unique_ptr<AvahiWatch>> watches_;
    std::list<std::unique_ptr<AvahiTimeout>> timeouts_;
    int tick_ = -1;
};

}  // namespace headamp::remote
