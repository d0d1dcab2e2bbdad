// A real headampd on a private `jackd -d dummy`, with its own control socket and snapshot directory,
// for the control, cli and hardware tests (each test gets unique names, so tests run in parallel).
#pragma once

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "control/control_client.hpp"
#include "jack_harness.hpp"

namespace headamp::test {

using nlohmann::json;
using namespace std::chrono_literals;

inline std::string env_or(const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    return v ? v : fallback;
}

// Three mono sources on adjacent channels and one mix to the dummy's playback ports.
inline const char* kFixtureConfig = R"(
[jack]
connect_physical = false

[[source]]
name = "in1"
ports = ["system:capture_1"]

[[source]]
name = "in2"
ports = ["system:capture_2"]

[[source]]
name = "Guitar"
ports = ["feeder:out"]

[[mix]]
name = "mix1"
outputs = ["system:playback_1", "system:playback_2"]
)";

class Daemon {
public:
    // Started at once unless `start_now` is false (a fixture that prepares more first calls start()).
    explicit Daemon(const std::string& test, const std::string& config = kFixtureConfig, bool start_now = true) {
        server = std::make_unique<JackServer>(unique_server_name(test));
        dir = std::filesystem::path("/tmp") / (server->name() + ".d");
        std::filesystem::create_directories(dir);
        socket = (dir / "sock" / "control").string();
        state_home = (dir / "state").string();
        config_file = (dir / "headamp.conf").string();
        std::ofstream(config_file) << config;
        log_file = (dir / "headampd.log").string();
        if (start_now) start();
    }
    ~Daemon() {
        process.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }

    // Runs headampd (with `extra_env` added to its environment) and waits until it is in the JACK graph.
    void start(const std::vector<std::string>& extra_env = {}) {
        std::vector<std::string> env{"XDG_STATE_HOME=" + state_home};
        env.insert(env.end(), extra_env.begin(), extra_env.end());
        std::vector<std::string> argv = run_under;
        argv.insert(argv.end(), {env_or("HEADAMPD", "build/src/daemon/headampd"), "--server", server->name(),
                                 "--config", config_file, "--socket", socket, "--verbose"});
        process = std::make_unique<ChildProcess>(argv, env, log_file);
        if (!JackHandle::wait_for([&] { return connected(); }, 10s))
            throw std::runtime_error("headampd did not come up; log:\n" + log());
    }

    // Answers on its socket and is connected to JACK.
    bool connected() const {
        try {
            control::ControlClient c(socket);
            const json s = c.request({{"op", "status"}});
            return s.value("ok", false) && s["jack"]["connected"].get<bool>();
        } catch (const std::exception&) {
            return false;
        }
    }

    std::string log() const { return read_text(log_file); }

    std::unique_ptr<control::ControlClient> connect() const { return std::make_unique<control::ControlClient>(socket); }

    // The part of status that is the user's state.
    json state() const {
        control::ControlClient c(socket);
        const json s = c.request({{"op", "status"}});
        return {{"sources", s["sources"]}, {"mixes", s["mixes"]}};
    }

    std::unique_ptr<JackServer> server;
    std::filesystem::path dir;
    std::string socket, state_home, config_file, log_file;
    // A command headampd runs under, one that execs it (`ip netns exec NS`): its pid stays headampd's.
    std::vector<std::string> run_under;
    std::unique_ptr<ChildProcess> process;
};

// Sends all of `bytes` on a connected socket, or as much as the peer takes before it goes away.
inline void send_all(int fd, const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
    }
}

// A connection that writes raw bytes, for what a well-behaved client would never send.
class RawConnection {
public:
    explicit RawConnection(const std::string& path) {
        fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
        connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
        connect_errno_ = errno;
    }
    ~RawConnection() { ::close(fd_); }
    bool connected() const { return connected_; }
    int connect_errno() const { return connect_errno_; }
    int fd() const { return fd_; }
    void write(const std::string& bytes) { send_all(fd_, bytes); }
    // The next line, or "" on EOF/timeout.
    std::string read_line(std::chrono::milliseconds timeout = 5s) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
                std::string line = buffer_.substr(0, nl);
                buffer_.erase(0, nl + 1);
                return line;
            }
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) return "";
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return "";
            char chunk[65536];
            const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
            if (n <= 0) return "";
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
    }
    json ask(const std::string& line) {
        write(line + "\n");
        const std::string answer = read_line();
        return answer.empty() ? json() : json::parse(answer);
    }

private:
    int fd_ = -1;
    bool connected_ = false;
    int connect_errno_ = 0;
    std::string buffer_;
};

}  // namespace headamp::test
