// A WebSocket client for the page tests, written against RFC 6455 byte by byte so that it can also
// send what a browser never would: oversized and binary frames, a wrong Origin, raw HTTP.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "daemon_fixture.hpp"

namespace headamp::test {

// A TCP connection to 127.0.0.1:port that writes and reads raw bytes.
class TcpConnection {
public:
    explicit TcpConnection(int port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<std::uint16_t>(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            ::close(fd_);
            throw std::runtime_error("cannot connect to the page's port");
        }
    }
    ~TcpConnection() { ::close(fd_); }
    TcpConnection(const TcpConnection&) = delete;
    TcpConnection& operator=(const TcpConnection&) = delete;

    void write(const std::string& bytes) { send_all(fd_, bytes); }
    // At least `n` more bytes in buffer(), or false on EOF/timeout.
    bool fill(std::size_t n, std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (buffer.size() < n) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            pollfd p{fd_, POLLIN, 0};
            if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
            char chunk[65536];
            const ssize_t got = ::recv(fd_, chunk, sizeof chunk, 0);
            if (got <= 0) return false;
            buffer.append(chunk, static_cast<std::size_t>(got));
        }
        return true;
    }
    // Everything until the peer closes (or the timeout).
    std::string read_all(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
        fill(SIZE_MAX, timeout);
        return std::move(buffer);
    }
    // Whether the peer closed the connection within `timeout`.
    bool closed_by_peer(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            pollfd p{fd_, POLLIN, 0};
            if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
            char chunk[4096];
            const ssize_t got = ::recv(fd_, chunk, sizeof chunk, 0);
            if (got <= 0) return true;
            buffer.append(chunk, static_cast<std::size_t>(got));
        }
    }

    std::string buffer;

private:
    int fd_ = -1;
};

// An HTTP GET's status code and whole answer.
struct HttpAnswer {
    int status = 0;
    std::string text;
};

inline HttpAnswer http_get(int port, const std::string& path, const std::string& extra_headers = "") {
    TcpConnection c(port);
    c.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\nConnection: close\r\n" +
            extra_headers + "\r\n");
    HttpAnswer a{0, c.read_all()};
    if (a.text.rfind("HTTP/1.1 ", 0) == 0) a.status = std::stoi(a.text.substr(9, 3));
    return a;
}

// One frame as the server sent it.
struct Frame {
    int opcode = 0;  // 1 text, 2 binary, 8 close, 9 ping, 10 pong
    std::string payload;
    int close_code() const {
        return payload.size() >= 2
                   ? (static_cast<unsigned char>(payload[0]) << 8) | static_cast<unsigned char>(payload[1])
                   : 0;
    }
};

class PageClient {
public:
    // Connects and upgrades; `origin` empty: the page's own origin.
    explicit PageClient(int port, std::string origin = "") : tcp_(port) {
        if (origin.empty()) origin = "http://127.0.0.1:" + std::to_string(port);
        tcp_.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                   "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: " +
                   origin + "\r\n\r\n");
        for (;;) {
            const std::size_t end = tcp_.buffer.find("\r\n\r\n");
            if (end != std::string::npos) {
                response = tcp_.buffer.substr(0, end + 4);
                tcp_.buffer.erase(0, end + 4);
                break;
            }
            if (!tcp_.fill(tcp_.buffer.size() + 1)) {
                response = tcp_.buffer;
                break;
            }
        }
    }
    bool upgraded() const { return response.rfind("HTTP/1.1 101", 0) == 0; }

    // A masked frame, as a client must send; `fin` false leaves a message open.
    void send_frame(int opcode, const std::string& payload, bool fin = true) {
        std::string f;
        f += static_cast<char>((fin ? 0x80 : 0) | opcode);
        const std::size_t n = payload.size();
        if (n < 126) {
            f += static_cast<char>(0x80 | n);
        } else if (n < 65536) {
            f += static_cast<char>(0x80 | 126);
            f += static_cast<char>(n >> 8);
            f += static_cast<char>(n & 0xff);
        } else {
            f += static_cast<char>(0x80 | 127);
            for (int i = 7; i >= 0; --i) f += static_cast<char>((static_cast<std::uint64_t>(n) >> (8 * i)) & 0xff);
        }
        const char mask[4] = {0x12, 0x34, 0x56, 0x78};
        f.append(mask, 4);
        for (std::size_t i = 0; i < n; ++i) f += static_cast<char>(payload[i] ^ mask[i % 4]);
        tcp_.write(f);
    }
    void send_text(const std::string& text) { send_frame(1, text); }
    void send_json(const nlohmann::json& j) { send_text(j.dump()); }

    // The next frame (pings answered and skipped), or nothing on EOF/timeout.
    std::optional<Frame> next(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
        for (;;) {
            if (!tcp_.fill(2, timeout)) return std::nullopt;
            const auto b = [&](std::size_t i) { return static_cast<unsigned char>(tcp_.buffer[i]); };
            std::size_t length = b(1) & 0x7f, header = 2;
            if (length == 126) {
                if (!tcp_.fill(4, timeout)) return std::nullopt;
                length = (b(2) << 8) | b(3);
                header = 4;
            } else if (length == 127) {
                if (!tcp_.fill(10, timeout)) return std::nullopt;
                length = 0;
                for (int i = 0; i < 8; ++i) length = (length << 8) | b(2 + static_cast<std::size_t>(i));
                header = 10;
            }
            if (!tcp_.fill(header + length, timeout)) return std::nullopt;
            Frame f{b(0) & 0x0f, tcp_.buffer.substr(header, length)};
            tcp_.buffer.erase(0, header + length);
            if (f.opcode == 9) {
                send_frame(10, f.payload);
                continue;
            }
            return f;
        }
    }
    // The next text message as JSON that satisfies `pred` (events and meters in between are skipped).
    std::optional<nlohmann::json> next_json(const std::function<bool(const nlohmann::json&)>& pred,
                                            std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return std::nullopt;
            const std::optional<Frame> f = next(left);
            if (!f || f->opcode == 8) return std::nullopt;
            if (f->opcode != 1) continue;
            nlohmann::json j = nlohmann::json::parse(f->payload);
            if (pred(j)) return j;
        }
    }
    // Sends a request with `id` and returns its answer.
    nlohmann::json ask(nlohmann::json request, int id) {
        request["id"] = id;
        send_json(request);
        return next_json([id](const nlohmann::json& j) { return j.contains("id") && j["id"] == id; })
            .value_or(nlohmann::json());
    }
    // The close frame the server sent, if it closed within `timeout`.
    std::optional<Frame> wait_close(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return std::nullopt;
            const std::optional<Frame> f = next(left);
            if (!f) return std::nullopt;
            if (f->opcode == 8) return f;
        }
    }
    TcpConnection& tcp() { return tcp_; }

    std::string response;  // the HTTP answer to the upgrade

private:
    TcpConnection tcp_;
};

}  // namespace headamp::test
