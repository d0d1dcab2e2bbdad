// Supervised child processes (see supervised_process.hpp).
#include "jack/supervised_process.hpp"

#include <algorithm>

#include "util/log.hpp"

namespace headamp::jack {

SupervisedProcess::SupervisedProcess(MainLoop& loop, std::string name, std::vector<std::string> argv,
                                     std::vector<std::string> env, std::string kind, std::chrono::milliseconds stop_grace)
    : loop_(loop),
      name_(std::move(name)),
      argv_(std::move(argv)),
      env_(std::move(env)),
      kind_(std::move(kind)),
      stop_grace_(stop_grace) {
    tick_id_ = loop_.add_tick([this](Clock::time_point now) { return tick(now); });
    start();
}

SupervisedProcess::~SupervisedProcess() {
    loop_.remove_tick(tick_id_);
    if (watched_fd_ >= 0) loop_.unwatch(watched_fd_);
    if (child_) {
        const int status = child_->stop(stop_grace_);
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
        child_ = std::make_unique<ChildProcess>(argv_, env_);
    } catch (const std::exception& e) {
        log::error("cannot start ", kind_, " '", name_, "': ", e.what());
        restart_at_ = Clock::now() + backoff_;
        backoff_ = std::min(backoff_ * 2, kLongestRestart);
        return;
    }
    started_ = Clock::now();
    watched_fd_ = child_->fd();
    loop_.watch(watched_fd_, [this](short) { exited(); });
    log::info(kind_, " '", name_, "' started (pid ", child_->pid(), ")");
    if (on_start) on_start(*this);
}

void SupervisedProcess::exited() {
    if (!child_ || !child_->poll_exit()) return;
    const int status = *child_->poll_exit();
    loop_.unwatch(watched_fd_);
    watched_fd_ = -1;
    child_.reset();
    if (Clock::now() - started_ >= kStable) backoff_ = kFirstRestart;
    log::warning(kind_, " '", name_, "' ", describe_wait_status(status), "; restarting in ", backoff_.count(),
                 " ms");
    restart_at_ = Clock::now() + backoff_;
    backoff_ = std::min(backoff_ * 2, kLongestRestart);
    ++restarts_;
    if (on_exit) on_exit(*this);
}

std::optional<std::chrono::milliseconds> SupervisedProcess::tick(Clock::time_point now) {
    if (!restart_at_) return std::nullopt;
    if (now >= *restart_at_) start();
    if (!restart_at_) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::milliseconds>(*restart_at_ - now) + std::chrono::milliseconds(1);
}

}  // namespace headamp::jack
