// A control surface for the tests, built on liblo's own lo_server (not on headamp's parser): sends
// messages and raw bytes to headampd's OSC port from one UDP socket and collects every message that
// comes back, bundles opened by liblo. Also a bare UDP socket on any loopback address, for senders
// that are not 127.0.0.1.
#pragma once

#include <arpa/inet.h>
#include <lo/lo.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cstring>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

#include "free_port.hpp"

namespace headamp::test {

using OscArgument = std::variant<int, float, double, std::string, bool>;  // bool: T or F

struct Received {
    std::string address;
    std::string types;
    std::vector<double> numbers;  // i, f, d
    std::vector<std::string> texts;
};

// One OSC message as bytes, by liblo.
inline std::string osc_bytes(const std::string& address, const std::vector<OscArgument>& args) {
    lo_message m = lo_message_new();
    for (const OscArgument& a : args) {
        if (auto* i = std::get_if<int>(&a)) lo_message_add_int32(m, *i);
        if (auto* f = std::get_if<float>(&a)) lo_message_add_float(m, *f);
        if (auto* d = std::get_if<double>(&a)) lo_message_add_double(m, *d);
        if (auto* s = std::get_if<std::string>(&a)) lo_message_add_string(m, s->c_str());
        if (auto* b = std::get_if<bool>(&a)) *b ? lo_message_add_true(m) : lo_message_add_false(m);
    }
    std::size_t size = 0;
    void* data = lo_message_serialise(m, address.c_str(), nullptr, &size);
    std::string bytes(static_cast<const char*>(data), size);
    std::free(data);
    lo_message_free(m);
    return bytes;
}

class OscClient {
public:
    explicit OscClient(int port) : target_(lo_address_new("127.0.0.1", std::to_string(port).c_str())) {
        server_ = lo_server_new_with_proto(nullptr, LO_UDP, nullptr);
        if (!server_ || !target_) throw std::runtime_error("liblo: no test client");
        lo_server_add_method(server_, nullptr, nullptr, &OscClient::collect, this);
    }
    ~OscClient() {
        lo_server_free(server_);
        lo_address_free(target_);
    }
    OscClient(const OscClient&) = delete;
    OscClient& operator=(const OscClient&) = delete;

    void send(const std::string& address, const std::vector<OscArgument>& args = {}) {
        send_raw(osc_bytes(address, args));
    }
    void send_raw(const std::string& bytes) {
        const int fd = lo_server_get_socket_fd(server_);
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(static_cast<std::uint16_t>(std::stoi(lo_address_get_port(target_))));
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::sendto(fd, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    }

    // Collects for `time`.
    void listen(std::chrono::milliseconds time) {
        const auto end = std::chrono::steady_clock::now() + time;
        while (std::chrono::steady_clock::now() < end) lo_server_recv_noblock(server_, 10);
    }
    // Collects until a message at `address` arrived (returns it), or `timeout`.
    const Received* wait_for(const std::string& address, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
        const auto end = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            for (std::size_t i = seen_; i < received.size(); ++i)
                if (received[i].address == address) {
                    seen_ = i + 1;
                    return &received[i];
                }
            seen_ = received.size();
            if (std::chrono::steady_clock::now() >= end) return nullptr;
            lo_server_recv_noblock(server_, 10);
        }
    }
    std::size_t count(const std::string& address) const {
        std::size_t n = 0;
        for (const Received& r : received) n += r.address == address;
        return n;
    }
    void forget() {
        received.clear();
        seen_ = 0;
    }

    std::vector<Received> received;

private:
    template <class T>
    static T copied(const char* bytes) {
        T value;
        std::memcpy(&value, bytes, sizeof value);
        return value;
    }

    static int collect(const char* path, const char* types, lo_arg** argv, int argc, lo_message, void* self) {
        Received r{path, types, {}, {}};
        // liblo's lo_arg pointers may be misaligned for the union: copy each value out of its bytes.
        for (int i = 0; i < argc; ++i) {
            const auto* bytes = reinterpret_cast<const char*>(argv[i]);
            if (types[i] == 'i') r.numbers.push_back(copied<int32_t>(bytes));
            if (types[i] == 'f') r.numbers.push_back(copied<float>(bytes));
            if (types[i] == 'd') r.numbers.push_back(copied<double>(bytes));
            if (types[i] == 's') r.texts.emplace_back(bytes);
        }
        static_cast<OscClient*>(self)->received.push_back(std::move(r));
        return 0;
    }

    lo_server server_ = nullptr;
    lo_address target_ = nullptr;
    std::size_t seen_ = 0;
};

// A bare UDP socket bound to `ip` (any 127.x.y.z works on Linux without setup).
class UdpSocket {
public:
    explicit UdpSocket(const std::string& ip) : fd_(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        inet_pton(AF_INET, ip.c_str(), &a.sin_addr);
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("bind " + ip);
    }
    ~UdpSocket() { ::close(fd_); }
    UdpSocket(const UdpSocket&) = delete;
    UdpSocket& operator=(const UdpSocket&) = delete;
    void send_to(const std::string& ip, int port, const std::string& bytes) {
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_port = htons(static_cast<std::uint16_t>(port));
        inet_pton(AF_INET, ip.c_str(), &to.sin_addr);
        ::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    }
    // The address of the first message that arrives within `timeout`, or "" (liblo reads it).
    std::string receive(std::chrono::milliseconds timeout) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return "";
        char buffer[65536];
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n <= 0) return "";
        const char* path = lo_get_path(buffer, n);
        return path ? path : "(not OSC)";
    }

private:
    int fd_;
};

}  // namespace headamp::test
