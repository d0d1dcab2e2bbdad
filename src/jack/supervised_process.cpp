// Supervised child processes (see supervised_process.hpp).
#include "jack/supervised_process.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "util/log.hpp"

namespace headamp::jack {

SupervisedProcess::SupervisedProcess(MainLoop& loop, std::string name, std::vector<std::string> argv,
                                     std::vector<std::string> env, std::string kind, StopRequest stop,
                                     LineHandler on_line)
    : loop_(loop),
      name_(std::move(name)),
      argv_(std::move(argv)),
      env_(std::move(env)),
      kind_(std::move(kind)),
      stop_(stop),
      on_line_(std::move(on_line)) {
    tick_id_ = loop_.add_tick([this](Clock::time_point now) { return tick(now); });
    start();
}

SupervisedProcess::~SupervisedProcess() {
    loop_.remove_tick(tick_id_);
    if (watched_fd_ >= 0) loop_.unwatch(watched_fd_);
    if (output_fd_ >= 0) loop_.unwatch(output_fd_);
    if (child_) {
        const int status = child_->stop(stop_);
        log::info(kind_, " '", name_, "' stopped (", describe_wait_status(status), ")");
    }
}

std::optional<pid_t> SupervisedProcess::pid() const {
    if (!child_) return std::nullopt;
    return child_->pid();
}

void SupervisedProcess::start() {
    restart_at_.reset();
    try {
        child_ = std::make_unique<ChildProcess>(argv_, env_, static_cast<bool>(on_line_));
    } catch (const std::exception& e) {
        log::error("cannot start ", kind_, " '", name_, "': ", e.what());
        restart_at_ = Clock::now() + backoff_;
        backoff_ = std::min(backoff_ * 2, kLongestRestart);
        return;
    }
    started_ = Clock::now();
    watched_fd_ = child_->fd();
    loop_.watch(watched_fd_, [this](short) { exited(); });
    if (child_->output_fd() >= 0) {
        output_fd_ = child_->output_fd();
        loop_.watch(output_fd_, [this](short) { read_output(); });
    }
    log::info(kind_, " '", name_, "' started (pid ", child_->pid(), ")");
    if (on_start) on_start(*this);
}

void SupervisedProcess::exited() {
    if (!child_ || !child_->poll_exit()) return;
    const int status = *child_->poll_exit();
    read_output();  // its last words
    forget_child();
    if (Clock::now() - started_ >= kStable) backoff_ = kFirstRestart;
    log::warning(kind_, " '", name_, "' ", describe_wait_status(status), "; restarting in ", backoff_.count(), " ms");
    schedule_restart();
}

void SupervisedProcess::restart(const std::string& why) {
    if (!child_) return;
    if (Clock::now() - started_ >= kStable) backoff_ = kFirstRestart;
    log::warning(kind_, " '", name_, "' ", why, "; restarting it in ", backoff_.count(), " ms");
    child_->stop(stop_);
    forget_child();
    schedule_restart();
}

void SupervisedProcess::forget_child() {
    loop_.unwatch(watched_fd_);
    watched_fd_ = -1;
    if (output_fd_ >= 0) loop_.unwatch(output_fd_);
    output_fd_ = -1;
    if (!partial_line_.empty() && on_line_) on_line_(partial_line_);
    partial_line_.clear();
    child_.reset();
}

void SupervisedProcess::schedule_restart() {
    restart_at_ = Clock::now() + backoff_;
    backoff_ = std::min(backoff_ * 2, kLongestRestart);
    ++restarts_;
    if (on_exit) on_exit(*this);
}

void SupervisedProcess::read_output() {
    if (output_fd_ < 0) return;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(output_fd_, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0 || errno != EAGAIN) {  // the writing end is closed: nothing more will come
                loop_.unwatch(output_fd_);
                output_fd_ = -1;
            }
            return;
        }
        partial_line_.append(buf, static_cast<std::size_t>(n));
        for (std::size_t eol; (eol = partial_line_.find('\n')) != std::string::npos;) {
            const std::string line = partial_line_.substr(0, eol);
            partial_line_.erase(0, eol + 1);
            on_line_(line);
        }
        if (partial_line_.size() > sizeof buf) {  // a process that never ends its lines
            on_line_(partial_line_);
            partial_line_.clear();
        }
    }
}

std::optional<std::chrono::milliseconds> SupervisedProcess::tick(Clock::time_point now) {
    if (!restart_at_) return std::nullopt;
    if (now >= *restart_at_) start();
    if (!restart_at_) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::milliseconds>(*restart_at_ - now) + std::chrono::milliseconds(1);
}

}  // namespace headamp::jack
