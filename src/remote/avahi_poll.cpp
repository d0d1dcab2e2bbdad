// The AvahiPoll adapter (see avahi_poll.hpp). Written by hand because Avahi ships adapters only for
// its own simple loop, a thread and GLib; this is the same few functions on headamp's MainLoop.
#include "remote/avahi_poll.hpp"

#include <sys/time.h>

#include <algorithm>
#include <vector>

// Avahi declares these opaque; the adapter defines them.
struct AvahiWatch {
    headamp::remote::AvahiLoopPoll* owner;
    int fd;
    AvahiWatchEvent events;
    AvahiWatchEvent happened;
    AvahiWatchCallback callback;
    void* userdata;
    bool dead;
};

struct AvahiTimeout {
    headamp::remote::AvahiLoopPoll* owner;
    bool armed;
    struct timeval when;  // absolute, on the wall clock, as Avahi gives it
    AvahiTimeoutCallback callback;
    void* userdata;
    bool dead;
};

namespace headamp::remote {

namespace {

AvahiLoopPoll& self(const AvahiPoll* api) { return *static_cast<AvahiLoopPoll*>(api->userdata); }

std::chrono::microseconds until(const struct timeval& when) {
    struct timeval now {};
    gettimeofday(&now, nullptr);
    return std::chrono::seconds(when.tv_sec - now.tv_sec) + std::chrono::microseconds(when.tv_usec - now.tv_usec);
}

}  // namespace

AvahiLoopPoll::AvahiLoopPoll(MainLoop& loop) : loop_(loop) {
    api_.userdata = this;
    api_.watch_new = [](const AvahiPoll* api, int fd, AvahiWatchEvent events, AvahiWatchCallback callback,
                        void* userdata) { return self(api).watch_new(fd, events, callback, userdata); };
    api_.watch_update = [](AvahiWatch* w, AvahiWatchEvent events) { w->owner->watch_update(w, events); };
    api_.watch_get_events = [](AvahiWatch* w) { return w->happened; };
    api_.watch_free = [](AvahiWatch* w) { w->owner->watch_free(w); };
    api_.timeout_new = [](const AvahiPoll* api, const struct timeval* tv, AvahiTimeoutCallback callback,
                          void* userdata) { return self(api).timeout_new(tv, callback, userdata); };
    api_.timeout_update = [](AvahiTimeout* t, const struct timeval* tv) { t->owner->timeout_update(t, tv); };
    api_.timeout_free = [](AvahiTimeout* t) { t->owner->timeout_free(t); };
    tick_ = loop_.add_tick([this](MainLoop::Clock::time_point now) { return run_timeouts(now); });
}

AvahiLoopPoll::~AvahiLoopPoll() {
    loop_.remove_tick(tick_);
    for (const auto& w : watches_)
        if (!w->dead) loop_.unwatch(w->fd);
}

std::size_t AvahiLoopPoll::watches() const {
    return static_cast<std::size_t>(
        std::count_if(watches_.begin(), watches_.end(), [](const auto& w) { return !w->dead; }));
}

std::size_t AvahiLoopPoll::timeouts() const {
    return static_cast<std::size_t>(
        std::count_if(timeouts_.begin(), timeouts_.end(), [](const auto& t) { return !t->dead; }));
}

AvahiWatch* AvahiLoopPoll::watch_new(int fd, AvahiWatchEvent events, AvahiWatchCallback callback, void* userdata) {
    watches_.push_back(std::make_unique<AvahiWatch>(
        AvahiWatch{this, fd, events, static_cast<AvahiWatchEvent>(0), callback, userdata, false}));
    rewatch(fd);
    return watches_.back().get();
}

void AvahiLoopPoll::watch_update(AvahiWatch* w, AvahiWatchEvent events) {
    w->events = events;
    rewatch(w->fd);
}

// Freed during a callback, a watch is only marked: the dispatch walking the list may still hold it.
void AvahiLoopPoll::watch_free(AvahiWatch* w) {
    w->dead = true;
    rewatch(w->fd);
}

void AvahiLoopPoll::rewatch(int fd) {
    short wanted = 0;
    bool any = false;
    for (const auto& w : watches_)
        if (!w->dead && w->fd == fd) {
            wanted = static_cast<short>(wanted | w->events);
            any = true;
        }
    if (any)
        loop_.watch(
            fd, [this, fd](short revents) { dispatch(fd, revents); }, wanted);
    else
        loop_.unwatch(fd);
}

void AvahiLoopPoll::dispatch(int fd, short revents) {
    std::vector<AvahiWatch*> due;
    for (const auto& w : watches_)
        if (!w->dead && w->fd == fd) due.push_back(w.get());
    for (AvahiWatch* w : due) {
        const auto happened = static_cast<AvahiWatchEvent>(revents & (w->events | POLLERR | POLLHUP));
        if (w->dead || happened == 0) continue;
        w->happened = happened;
        w->callback(w, fd, happened, w->userdata);
        w->happened = static_cast<AvahiWatchEvent>(0);
    }
}

AvahiTimeout* AvahiLoopPoll::timeout_new(const struct timeval* tv, AvahiTimeoutCallback callback, void* userdata) {
    timeouts_.push_back(std::make_unique<AvahiTimeout>(
        AvahiTimeout{this, tv != nullptr, tv ? *tv : timeval{}, callback, userdata, false}));
    return timeouts_.back().get();
}

void AvahiLoopPoll::timeout_update(AvahiTimeout* t, const struct timeval* tv) {
    t->armed = tv != nullptr;
    if (tv) t->when = *tv;
}

void AvahiLoopPoll::timeout_free(AvahiTimeout* t) {
    t->dead = true;
    t->armed = false;
}

// Each due timeout is disarmed, then called (it may arm itself again); then the next one says how long
// the loop may sleep.
std::optional<std::chrono::milliseconds> AvahiLoopPoll::run_timeouts(MainLoop::Clock::time_point) {
    reap();
    std::vector<AvahiTimeout*> due;
    for (const auto& t : timeouts_)
        if (t->armed && until(t->when).count() <= 0) due.push_back(t.get());
    for (AvahiTimeout* t : due) {
        if (!t->armed || t->dead) continue;
        t->armed = false;
        t->callback(t, t->userdata);
    }
    std::optional<std::chrono::milliseconds> sleep;
    for (const auto& t : timeouts_) {
        if (!t->armed) continue;
        // Rounded up, so the loop does not wake a little early and spin until the time has come.
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(std::max(until(t->when), {}));
        sleep = sleep ? std::min(*sleep, left) : left;
    }
    return sleep;
}

// Frees what Avahi freed. Called only from the tick, before the loop polls: never while a dispatch or
// another timeout may still hold a pointer to one of them.
void AvahiLoopPoll::reap() {
    watches_.remove_if([](const auto& w) { return w->dead; });
    timeouts_.remove_if([](const auto& t) { return t->dead; });
}

}  // namespace headamp::remote
