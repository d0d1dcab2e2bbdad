// A child process owned by headampd: started with a clean signal state, watched through a pidfd, killed and reaped by
// its owner.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "util/unique_fd.hpp"

namespace headamp::jack {

// How a child is asked to stop: `signal`, then SIGKILL if it is still there after `grace`. SIGTERM suits a
// program that dies cleanly on it; zita-a2j/zita-j2a catch only SIGINT, and die on SIGTERM without closing
// their JACK client, which leaks a mutex of JACK2's metadata database each time (see bridge.cpp).
struct StopRequest {
    int signal = SIGTERM;
    std::chrono::milliseconds grace{1000};
};

class ChildProcess {
public:
    // Starts argv[0] (searched in $PATH when it has no '/') with the daemon's environment plus
    // `extra_env` ("NAME=value", overriding). The child gets an empty signal mask and default
    // dispositions (the daemon blocks SIGTERM for its signalfd, and exec keeps a blocked mask) and
    // SIGTERM when headampd dies, so a bridge never outlives the daemon that supervises it.
    // With `capture_output`, its stdout and stderr go into a pipe whose reading end output_fd() is
    // (non-blocking); else they are the daemon's. Throws std::runtime_error when the program cannot be
    // found or started. The child inherits no descriptor but 0, 1 and 2.
    ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
                 bool capture_output = false);
    // stop() with the default StopRequest: SIGTERM, a grace period, SIGKILL, reap.
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const { return pid_; }
    // Readable once the child has exited (pidfd_open(2)).
    int fd() const { return pidfd_.get(); }
    // What it writes, when started with capture_output (else -1).
    int output_fd() const { return output_.get(); }

    // The wait status once the child has exited (reaping it), else nothing. Never blocks.
    std::optional<int> poll_exit();
    // Asks it to stop (how.signal), waits up to how.grace, then kills it (SIGKILL); reaps. Returns the wait status.
    int stop(StopRequest how = {});

private:
    pid_t pid_ = -1;
    UniqueFd pidfd_;
    UniqueFd output_;
    std::optional<int> status_;
};

// "exited with status 1", "killed by signal 11 (Segmentation fault)".
std::string describe_wait_status(int status);

}  // namespace headamp::jack
