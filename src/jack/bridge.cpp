// Supervised bridges (see bridge.hpp). External processes rather than JACK2's in-process zalsa:
// a bridge that crashes when its device is pulled takes only itself down, never jackd (VM-RIG.md
// saw jackd 1.9.21 segfault on jack_unload of a zalsa_in whose device was gone).
#include "jack/bridge.hpp"

#include <algorithm>

#include "util/log.hpp"

namespace headamp::jack {

std::vector<std::string> bridge_command(const BridgeSettings& s, BridgeDirection direction,
                                        const std::string& client_name, int card_number, int channels) {
    std::vector<std::string> argv = direction == BridgeDirection::Capture ? s.capture_command : s.playback_command;
    const std::vector<std::string> options{"-j", client_name,
                                           "-d", "hw:" + std::to_string(card_number),
                                           "-c", std::to_string(channels),
                                           "-r", std::to_string(s.rate),
                                           "-p", std::to_string(s.period),
                                           "-n", std::to_string(s.fragments)};
    argv.insert(argv.end(), options.begin(), options.end());
    return argv;
}

Bridge::Bridge(MainLoop& loop, std::string client_name, std::vector<std::string> argv, std::vector<std::string> env)
    : loop_(loop), client_name_(std::move(client_name)), argv_(std::move(argv)), env_(std::move(env)) {
    tick_id_ = loop_.add_tick([this](Clock::time_point now) { return tick(now); });
    start();
}

Bridge::~Bridge() {
    loop_.remove_tick(tick_id_);
    if (watched_fd_ >= 0) loop_.unwatch(watched_fd_);
    if (child_) {
        const int status = child_->stop();
        log::info("bridge '", client_name_, "' stopped (", describe_wait_status(status), ")");
    }
}

std::optional<pid_t> Bridge::pid() const {
    if (!child_) return std::nullopt;
    return child_->pid();
}

void Bridge::start() {
    restart_at_.reset();
    try {
        child_ = std::make_unique<ChildProcess>(argv_, env_);
    } catch (const std::exception& e) {
        log::error("cannot start bridge '", client_name_, "': ", e.what());
        restart_at_ = Clock::now() + backoff_;
        backoff_ = std::min(backoff_ * 2, kLongestRestart);
        return;
    }
    started_ = Clock::now();
    watched_fd_ = child_->fd();
    loop_.watch(watched_fd_, [this](short) { exited(); });
    log::info("bridge '", client_name_, "' started (pid ", child_->pid(), ")");
}

void Bridge::exited() {
    if (!child_ || !child_->poll_exit()) return;
    const int status = *child_->poll_exit();
    loop_.unwatch(watched_fd_);
    watched_fd_ = -1;
    child_.reset();
    if (Clock::now() - started_ >= kStable) backoff_ = kFirstRestart;
    log::warning("bridge '", client_name_, "' ", describe_wait_status(status), "; restarting in ", backoff_.count(),
                 " ms");
    restart_at_ = Clock::now() + backoff_;
    backoff_ = std::min(backoff_ * 2, kLongestRestart);
    ++restarts_;
    if (on_exit) on_exit(*this);
}

std::optional<std::chrono::milliseconds> Bridge::tick(Clock::time_point now) {
    if (!restart_at_) return std::nullopt;
    if (now >= *restart_at_) start();
    if (!restart_at_) return std::nullopt;
    return std::chrono::duration_cast<std::chrono::milliseconds>(*restart_at_ - now) + std::chrono::milliseconds(1);
}

}  // namespace headamp::jack
