// The daemon's one poll loop: components register file descriptors and deadlines, the loop dispatches.
#pragma once

#include <poll.h>

#include <chrono>
#include <functional>
#include <map>
#include <optional>

namespace headamp {

class MainLoop {
public:
    using Clock = std::chrono::steady_clock;
    using FdHandler = std::function<void(short revents)>;
    // Called before every poll: returns how long the component may sleep (nothing = no deadline).
    using Tick = std::function<std::optional<std::chrono::milliseconds>(Clock::time_point now)>;

    // Watches fd for `events` (POLLIN by default); a second watch of the same fd replaces the first.
    // Handlers may watch and unwatch fds, including their own.
    void watch(int fd, FdHandler handler, short events = POLLIN);
    void unwatch(int fd);
    // Adds a component that is called once per pass and says when it next needs to run.
    int add_tick(Tick tick);
    void remove_tick(int id);

    // Runs until stop(); returns the code given to stop(). Throws only on a failing poll(2).
    int run();
    void stop(int code) { exit_code_ = code; }

private:
    struct Watch {
        FdHandler handler;
        short events;
    };
    std::map<int, Watch> watches_;
    std::map<int, Tick> ticks_;
    int next_tick_ = 0;
    std::optional<int> exit_code_;
};

}  // namespace headamp
