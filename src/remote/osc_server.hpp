// The OSC server for control surfaces (headamp-osc(7)): a UDP socket in the main loop. Each message
// becomes the control request it stands for and goes to the one RequestHandler, so OSC adds no
// behaviour of its own; queries are answered from status, and subscribers get the values that
// change and the meters. Only loopback and the allow-list's senders are heard.
//
// headamp owns the socket rather than liblo's lo_server: liblo 0.31 (Debian 12) binds its server to
// every address (getaddrinfo with AI_PASSIVE and no host), and the server must stay on loopback
// unless the user opens it. liblo parses and builds the packets (osc_packet, osc_encode).
#pragma once

#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "control/request_handler.hpp"
#include "remote/log_limiter.hpp"
#include "remote/osc_view.hpp"
#include "util/ip_address.hpp"
#include "util/main_loop.hpp"
#include "util/unique_fd.hpp"

namespace headamp::remote {

struct OscOptions {
    int port = 0;
    std::string listen = "127.0.0.1";  // an IP address; "0.0.0.0" or "::" for every interface
    std::vector<IpNetwork> allow;      // senders besides 127.0.0.1 and ::1
};

// A subscriber that does not renew /subscribe within this is dropped (X32's /xremote does the same).
inline constexpr std::chrono::seconds kOscSubscriptionLifetime{10};
inline constexpr std::size_t kMaxOscSubscribers = 32;

class OscServer {
public:
    // Binds the socket and watches it; throws std::runtime_error when it cannot.
    OscServer(MainLoop& loop, control::RequestHandler& handler, OscOptions options);
    ~OscServer();
    OscServer(const OscServer&) = delete;
    OscServer& operator=(const OscServer&) = delete;

    int port() const { return options_.port; }
    // A control protocol event ({"event": "state", ...}): subscribers get what changed.
    void on_event(const nlohmann::json& event);

private:
    struct Peer {
        sockaddr_storage address{};
        socklen_t length = 0;
    };
    struct Subscriber {
        Peer peer;
        MainLoop::Clock::time_point expires;
        control::Subscription subscription;
    };

    void on_readable();
    bool allowed(const sockaddr_storage& address) const;
    void handle_datagram(const Peer& from, const std::uint8_t* data, std::size_t size);
    void handle_message(const Peer& from, const OscMessage& message);
    void subscribe(const Peer& from, const nlohmann::json& request);
    void refuse(const Peer& from, const std::string& why);
    void send(const Peer& to, const std::vector<OscOut>& messages);
    control::GraphRecord state();
    std::optional<std::chrono::milliseconds> tick(MainLoop::Clock::time_point now);

    MainLoop& loop_;
    control::RequestHandler& handler_;
    OscOptions options_;
    UniqueFd fd_;
    int tick_ = -1;
    std::map<std::string, Subscriber> subscribers_;  // by "address:port"
    std::vector<OscOut> last_view_;                  // what subscribers were last told
    std::vector<std::uint8_t> buffer_;               // one datagram
    LogLimiter refusals_;
};

}  // namespace headamp::remote
