// The client side of the control socket: connect, send requests, read answers and events.
// Used by headamp(1) and by the tests; blocking calls take a timeout, the TUI uses the non-blocking ones.
#pragma once

#include <chrono>
#include <deque>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "control/line_reader.hpp"
#include "util/unique_fd.hpp"

namespace headamp::control {

// No daemon listens at the path (or we may not reach it); what() says which and where.
class NotRunning : public std::runtime_error {
public:
    using runtime_error::runtime_error;
};

// The connection broke or the daemon did not answer in time.
class ConnectionError : public std::runtime_error {
public:
    using runtime_error::runtime_error;
};

class ControlClient {
public:
    // Throws NotRunning.
    explicit ControlClient(const std::filesystem::path& path);

    int fd() const { return fd_.get(); }

    // Sends `request` with a fresh id and waits for its answer; events that arrive first are kept for
    // next_event(). Throws ConnectionError.
    nlohmann::json request(nlohmann::json request, std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

    // Sends without waiting; returns the id given. Throws ConnectionError.
    int64_t send(nlohmann::json request);
    // Reads whatever is there without blocking (call when fd() is readable); returns the messages
    // (answers and events) in order. Throws ConnectionError when the daemon closed the connection.
    std::deque<nlohmann::json> receive();
    // The next message (event or answer) within `timeout`; nothing on timeout. Throws ConnectionError.
    std::optional<nlohmann::json> next_message(std::chrono::milliseconds timeout);

private:
    void write_all(const std::string& text);
    bool read_some(int timeout_ms);  // false on timeout

    UniqueFd fd_;
    LineReader reader_;
    std::deque<nlohmann::json> inbox_;
    int64_t next_id_ = 1;
};

}  // namespace headamp::control
