// The poll loop (see main_loop.hpp).
#include "util/main_loop.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace headamp {

void MainLoop::watch(int fd, FdHandler handler, short events) { watches_[fd] = {std::move(handler), events}; }
void MainLoop::unwatch(int fd) { watches_.erase(fd); }

int MainLoop::add_tick(Tick tick) {
    ticks_[next_tick_] = std::move(tick);
    return next_tick_++;
}
void MainLoop::remove_tick(int id) { ticks_.erase(id); }

int MainLoop::run() {
    exit_code_.reset();
    while (!exit_code_) {
        std::optional<std::chrono::milliseconds> wait;
        const auto now = Clock::now();
        // Copy: a tick may add or remove ticks.
        for (auto& [id, tick] : std::map<int, Tick>(ticks_)) {
            if (!ticks_.count(id)) continue;
            if (auto w = tick(now)) wait = wait ? std::min(*wait, *w) : *w;
            if (exit_code_) return *exit_code_;
        }
        std::vector<pollfd> fds;
        for (const auto& [fd, w] : watches_) fds.push_back({fd, w.events, 0});
        const int timeout = wait ? static_cast<int>(std::max<long long>(0, wait->count())) : -1;
        if (poll(fds.data(), fds.size(), timeout) < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
        }
        for (const pollfd& p : fds) {
            if (!p.revents) continue;
            auto it = watches_.find(p.fd);
            if (it == watches_.end()) continue;      // unwatched by an earlier handler in this pass
            FdHandler handler = it->second.handler;  // a copy: the handler may unwatch itself
            handler(p.revents);
            if (exit_code_) break;
        }
    }
    return *exit_code_;
}

}  // namespace headamp
