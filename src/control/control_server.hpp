// The control socket: a listening Unix stream socket and its clients, all non-blocking on the one
// main loop. Lines in, one answer per line out, events to subscribers; a client whose output backs
// up past a bound is dropped, so a slow or dead client never holds the daemon.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "control/line_reader.hpp"
#include "control/subscription.hpp"
#include "util/main_loop.hpp"
#include "util/unique_fd.hpp"

namespace headamp::control {

inline constexpr std::size_t kMaxClientBacklog = 4 * 1024 * 1024;  // bytes queued for one client
inline constexpr std::size_t kMetersBacklog = 64 * 1024;           // above this a client skips meters

class ControlServer {
public:
    // Handles one parsed request line and returns its answer.
    using Handler = std::function<nlohmann::json(const nlohmann::json& request, Subscription& subscription)>;

    // Creates the directory (0700) if needed, refuses to start when another daemon answers on `path`,
    // replaces a stale socket, binds (0600) and listens. Throws std::runtime_error.
    ControlServer(MainLoop& loop, std::filesystem::path path, Handler handler);
    ~ControlServer();
    ControlServer(const ControlServer&) = delete;
    ControlServer& operator=(const ControlServer&) = delete;

    const std::filesystem::path& path() const { return path_; }
    std::size_t client_count() const { return clients_.size(); }

    // Sends an event to every subscriber.
    void publish(const nlohmann::json& event);
    // Sends meters to the subscribers whose rate makes them due; returns when the next one is due.
    std::optional<std::chrono::milliseconds> send_due_meters(const std::function<nlohmann::json()>& make_event);

private:
    struct Client {
        UniqueFd fd;
        LineReader reader;
        std::string out;
        Subscription subscription;
        bool closing = false;  // write what is queued, then close
    };

    void on_listen_readable();
    void on_client_event(int fd, short revents);
    void handle_line(Client& client, const Line& line);
    void queue(Client& client, const nlohmann::json& message);
    void flush(Client& client);
    void drop(int fd, const std::string& why);
    void rewatch(Client& client);

    MainLoop& loop_;
    std::filesystem::path path_;
    Handler handler_;
    UniqueFd listen_fd_;
    std::map<int, std::unique_ptr<Client>> clients_;
    std::vector<int> doomed_;  // fds to drop once the current dispatch is over
    bool in_dispatch_ = false;
    void reap();
};

// The answer's text: one line, invalid UTF-8 from the peer replaced rather than thrown on.
std::string to_line(const nlohmann::json& message);

}  // namespace headamp::control
