// The AvahiPoll adapter on a real MainLoop: fd watches (two on one socket, updated and freed from their
// own callbacks) and timeouts (once, re-armed, disarmed, freed while due), as avahi-client uses them.
#include "remote/avahi_poll.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <vector>

namespace headamp::remote {
namespace {

using namespace std::chrono_literals;

struct timeval in(std::chrono::milliseconds ms) {
    struct timeval now {};
    gettimeofday(&now, nullptr);
    const long us = now.tv_usec + static_cast<long>(ms.count()) * 1000;
    return {now.tv_sec + us / 1000000, us % 1000000};
}

// Runs `loop` until something stops it, or fails the test after `limit`.
void run(MainLoop& loop, std::chrono::milliseconds limit = 2000ms) {
    const auto deadline = MainLoop::Clock::now() + limit;
    bool late = false;
    const int guard = loop.add_tick([&](MainLoop::Clock::time_point now) -> std::optional<std::chrono::milliseconds> {
        if (now < deadline) return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) + 1ms;
        late = true;
        loop.stop(1);
        return std::nullopt;
    });
    loop.run();
    loop.remove_tick(guard);
    EXPECT_FALSE(late) << "the loop ran into the test's time limit";
}

class Sockets {
public:
    Sockets() { EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fd), 0); }
    ~Sockets() {
        close(fd[0]);
        close(fd[1]);
    }
    int fd[2] = {-1, -1};
};

struct Seen {
    MainLoop* loop;
    const AvahiPoll* api;
    std::vector<AvahiWatchEvent> events;
    std::vector<AvahiWatchEvent> reported;  // what watch_get_events said inside the callback
    int stop_after = 1;
};

void on_watch(AvahiWatch* w, int, AvahiWatchEvent event, void* data) {
    auto& seen = *static_cast<Seen*>(data);
    seen.events.push_back(event);
    seen.reported.push_back(seen.api->watch_get_events(w));
    if (static_cast<int>(seen.events.size()) >= seen.stop_after) {
        seen.api->watch_update(w, static_cast<AvahiWatchEvent>(0));  // heard enough: no more input wanted
        seen.loop->stop(0);
    }
}

TEST(AvahiLoopPoll, AWatchHearsItsFdAndIsQuietOnceUpdatedToNothing) {
    MainLoop loop;
    AvahiLoopPoll poll(loop);
    Sockets s;
    Seen seen{&loop, poll.api(), {}, {}};
    AvahiWatch* w = poll.api()->watch_new(poll.api(), s.fd[0], AVAHI_WATCH_IN, on_watch, &seen);
    ASSERT_EQ(write(s.fd[1], "x", 1), 1);
    run(loop);
    ASSERT_EQ(seen.events.size(), 1u);
    EXPECT_EQ(seen.events[0], AVAHI_WATCH_IN);
    EXPECT_EQ(seen.reported[0], AVAHI_WATCH_IN);
    EXPECT_EQ(poll.api()->watch_get_events(w), 0) << "outside a callback nothing has happened";
    // The byte is still unread, but the watch wants nothing now: 50 ms of the loop must not call it again.
    const auto until = MainLoop::Clock::now() + 50ms;
    const int quiet = loop.add_tick([&](MainLoop::Clock::time_point now) -> std::optional<std::chrono::milliseconds> {
        if (now < until) return std::chrono::ceil<std::chrono::milliseconds>(until - now);
        loop.stop(0);
        return std::nullopt;
    });
    run(loop);
    loop.remove_tick(quiet);
    EXPECT_EQ(seen.events.size(), 1u);
    poll.api()->watch_free(w);
    EXPECT_EQ(poll.watches(), 0u);
}

TEST(AvahiLoopPoll, TwoWatchesOnOneSocketEachHearTheirOwnEvents) {
    MainLoop loop;
    AvahiLoopPoll poll(loop);
    Sockets s;
    Seen reader{&loop, poll.api(), {}, {}};
    Seen writer{&loop, poll.api(), {}, {}};
    poll.api()->watch_new(poll.api(), s.fd[0], AVAHI_WATCH_IN, on_watch, &reader);
    AvahiWatch* w = poll.api()->watch_new(poll.api(), s.fd[0], AVAHI_WATCH_OUT, on_watch, &writer);
    run(loop);  // writable at once
    ASSERT_EQ(writer.events.size(), 1u);
    EXPECT_EQ(writer.events[0], AVAHI_WATCH_OUT);
    EXPECT_TRUE(reader.events.empty()) << "nothing to read yet";
    poll.api()->watch_free(w);
    ASSERT_EQ(write(s.fd[1], "x", 1), 1);
    run(loop);
    ASSERT_EQ(reader.events.size(), 1u);
    EXPECT_EQ(reader.events[0], AVAHI_WATCH_IN);
    EXPECT_EQ(writer.events.size(), 1u) << "a freed watch is never called";
    EXPECT_EQ(poll.watches(), 1u);
}

struct Timed {
    MainLoop* loop;
    const AvahiPoll* api;
    std::vector<MainLoop::Clock::time_point> fired;
    int again = 0;  // re-arm this many times from the callback
    AvahiTimeout* free_on_fire = nullptr;
};

void on_timeout(AvahiTimeout* t, void* data) {
    auto& timed = *static_cast<Timed*>(data);
    timed.fired.push_back(MainLoop::Clock::now());
    if (timed.free_on_fire) timed.api->timeout_free(timed.free_on_fire);
    if (timed.again-- > 0) {
        const struct timeval next = in(10ms);
        timed.api->timeout_update(t, &next);
    } else {
        timed.loop->stop(0);
    }
}

TEST(AvahiLoopPoll, ATimeoutFiresOnceWhenDueAndAgainWhenRearmed) {
    MainLoop loop;
    AvahiLoopPoll poll(loop);
    Timed timed{&loop, poll.api(), {}, 2};
    const auto start = MainLoop::Clock::now();
    const struct timeval when = in(30ms);
    poll.api()->timeout_new(poll.api(), &when, on_timeout, &timed);
    run(loop);
    ASSERT_EQ(timed.fired.size(), 3u);
    EXPECT_GE(timed.fired[0] - start, 29ms) << "not before it is due";
    EXPECT_GE(timed.fired[1] - timed.fired[0], 9ms);
    EXPECT_GE(timed.fired[2] - timed.fired[1], 9ms);
}

TEST(AvahiLoopPoll, ADisarmedOrFreedTimeoutNeverFires) {
    MainLoop loop;
    AvahiLoopPoll poll(loop);
    Timed never{&loop, poll.api(), {}};
    Timed stopper{&loop, poll.api(), {}};
    const struct timeval soon = in(10ms), later = in(60ms);
    AvahiTimeout* disarmed = poll.api()->timeout_new(poll.api(), &soon, on_timeout, &never);
    poll.api()->timeout_update(disarmed, nullptr);
    poll.api()->timeout_new(poll.api(), nullptr, on_timeout, &never);
    // Due at the same moment as the one it frees, and called first: the freed one must not run.
    poll.api()->timeout_new(poll.api(), &later, on_timeout, &stopper);
    stopper.free_on_fire = poll.api()->timeout_new(poll.api(), &later, on_timeout, &never);
    run(loop);
    EXPECT_EQ(stopper.fired.size(), 1u);
    EXPECT_TRUE(never.fired.empty());
    EXPECT_EQ(poll.timeouts(), 3u);
}

}  // namespace
}  // namespace headamp::remote
