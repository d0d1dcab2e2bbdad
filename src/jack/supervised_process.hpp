// A child process that headampd keeps running: watched in the main loop through its pidfd, restarted
// with backoff when it dies on its own, stopped and reaped when its owner lets it go.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jack/child_process.hpp"
#include "util/main_loop.hpp"

namespace headamp::jack {

class SupervisedProcess {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds kFirstRestart{250};
    static constexpr std::chrono::milliseconds kLongestRestart{8000};
    static constexpr std::chrono::seconds kStable{10};  // running this long resets the backoff

    using LineHandler = std::function<void(const std::string& line)>;

    // Starts the process at once and watches it in `loop`; `kind` names it in the log ("bridge",
    // "JACK server"). A failure to start is handled like a crash: logged, and retried with backoff.
    // With `on_line`, what the process writes (stdout and stderr) is read in the loop and handed over a
    // line at a time; without, it goes where the daemon's own output goes.
    SupervisedProcess(MainLoop& loop, std::string name, std::vector<std::string> argv, std::vector<std::string> env,
                      std::string kind = "bridge", StopRequest stop = {}, LineHandler on_line = {});
    // Unwatches and stops the process (stop.signal, then SIGKILL after stop.grace), reaping it.
    ~SupervisedProcess();
    SupervisedProcess(const SupervisedProcess&) = delete;
    SupervisedProcess& operator=(const SupervisedProcess&) = delete;

    const std::string& name() const { return name_; }
    bool running() const { return child_ != nullptr; }
    unsigned restarts() const { return restarts_; }
    std::optional<pid_t> pid() const;

    // Stops a process that runs but does not do its job (`why` goes to the log), then restarts it as if
    // it had died: with the backoff, counted in restarts(), on_exit called.
    void restart(const std::string& why);

    // Called after every successful start and restart.
    std::function<void(SupervisedProcess&)> on_start;
    // Called after the process exited on its own (before the restart is scheduled).
    std::function<void(SupervisedProcess&)> on_exit;

private:
    void start();
    void exited();
    void read_output();
    void forget_child();
    void schedule_restart();
    std::optional<std::chrono::milliseconds> tick(Clock::time_point now);

    MainLoop& loop_;
    std::string name_;
    std::vector<std::string> argv_;
    std::vector<std::string> env_;
    std::string kind_;
    StopRequest stop_;
    LineHandler on_line_;
    std::unique_ptr<ChildProcess> child_;
    int watched_fd_ = -1;
    int output_fd_ = -1;
    std::string partial_line_;
    int tick_id_ = -1;
    Clock::time_point started_;
    std::optional<Clock::time_point> restart_at_;
    std::chrono::milliseconds backoff_ = kFirstRestart;
    unsigned restarts_ = 0;
};

}  // namespace headamp::jack
