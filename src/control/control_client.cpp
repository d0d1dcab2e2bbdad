// Control socket client (see control_client.hpp).
#include "control/control_client.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

#include "control/json_text.hpp"

namespace headamp::control {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

ControlClient::ControlClient(const std::filesystem::path& path) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.native().size() >= sizeof addr.sun_path) throw NotRunning("socket path too long: " + path.string());
    std::memcpy(addr.sun_path, path.c_str(), path.native().size() + 1);
    fd_.reset(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd_.valid()) throw NotRunning(std::string("socket: ") + std::strerror(errno));
    if (connect(fd_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        const int e = errno;
        if (e == ENOENT || e == ECONNREFUSED)
            throw NotRunning("headampd is not running (nothing listens on " + path.string() + ")");
        throw NotRunning("cannot connect to " + path.string() + ": " + std::strerror(e));
    }
}

void ControlClient::write_all(const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::send(fd_.get(), text.data() + done, text.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            pollfd p{fd_.get(), POLLOUT, 0};
            poll(&p, 1, 1000);
            continue;
        }
        if (n <= 0) throw ConnectionError(std::string("lost the connection to headampd: ") + std::strerror(errno));
        done += static_cast<std::size_t>(n);
    }
}

int64_t ControlClient::send(json request) {
    const int64_t id = next_id_++;
    request["id"] = id;
    write_all(json_text(request) + "\n");
    return id;
}

bool ControlClient::read_some(int timeout_ms) {
    pollfd p{fd_.get(), POLLIN, 0};
    const int r = poll(&p, 1, timeout_ms);
    if (r < 0 && errno == EINTR) return false;
    if (r <= 0) return false;
    char buffer[65536];
    const ssize_t n = recv(fd_.get(), buffer, sizeof buffer, MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return true;
    if (n <= 0) throw ConnectionError("headampd closed the connection");
    for (Line& line : reader_.feed(std::string_view(buffer, static_cast<std::size_t>(n)))) {
        if (line.too_long) throw ConnectionError("headampd sent a line longer than the limit");
        try {
            inbox_.push_back(json::parse(line.text));
        } catch (const json::parse_error& e) {
            throw ConnectionError(std::string("headampd sent something that is not JSON: ") + e.what());
        }
    }
    return true;
}

std::deque<json> ControlClient::receive() {
    while (read_some(0)) {}
    std::deque<json> out;
    out.swap(inbox_);
    return out;
}

std::optional<json> ControlClient::next_message(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (inbox_.empty()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return std::nullopt;
        read_some(static_cast<int>(left));
    }
    json m = std::move(inbox_.front());
    inbox_.pop_front();
    return m;
}

json ControlClient::request(json request, std::chrono::milliseconds timeout) {
    const int64_t id = send(std::move(request));
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        for (auto it = inbox_.begin(); it != inbox_.end(); ++it) {
            if (it->contains("event")) continue;
            const json& got = (*it)["id"];
            // An answer without an id is the daemon refusing the line itself (e.g. too long, refused peer).
            if ((got.is_number_integer() && got.get<int64_t>() == id) || got.is_null()) {
                json answer = std::move(*it);
                inbox_.erase(it);
                return answer;
            }
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0)
            throw ConnectionError("headampd did not answer within " + std::to_string(timeout.count()) + " ms");
        read_some(static_cast<int>(left));
    }
}

}  // namespace headamp::control
