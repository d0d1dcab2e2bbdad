// One WebSocket connection by wslay over an upgraded socket in the main loop: text messages in and
// out, binary frames and messages over the size cap refused with a close, pings to find a phone that
// went away. wslay does no I/O of its own: the loop's readiness drives it.
#pragma once

#include <wslay/wslay.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "remote/http_server.hpp"
#include "util/main_loop.hpp"

namespace headamp::remote {

inline constexpr std::size_t kMaxWebSocketMessage = 64 * 1024;    // a request is a few hundred bytes
inline constexpr std::size_t kMaxWebSocketBacklog = 1024 * 1024;  // queued for a phone that does not read
inline constexpr std::chrono::seconds kWebSocketPingEvery{10};
inline constexpr std::chrono::seconds kWebSocketSilenceLimit{30};  // nothing heard (not even a pong): gone

class WebSocket {
public:
    struct Handlers {
        std::function<void(std::string_view text)> on_text;
        std::function<void()> on_closed;  // the connection is over; the owner may destroy this now
    };

    WebSocket(MainLoop& loop, std::unique_ptr<UpgradedSocket> socket, Handlers handlers);
    ~WebSocket();
    WebSocket(const WebSocket&) = delete;
    WebSocket& operator=(const WebSocket&) = delete;

    // Queues a text message; false (and nothing queued) when the phone has fallen this far behind.
    bool send_text(std::string_view text);
    // Starts the closing handshake (RFC 6455 status `code`, e.g. 1008 policy violation).
    void close(std::uint16_t code, std::string_view reason);
    // Nothing is waiting to go out (meters are skipped for a phone that is behind).
    bool idle() const;
    // Pings and the silence limit; returns when it next needs to run.
    std::chrono::milliseconds tick(MainLoop::Clock::time_point now);

private:
    struct ContextDeleter {
        void operator()(wslay_event_context* c) const { wslay_event_context_free(c); }
    };

    static ssize_t recv_cb(wslay_event_context_ptr ctx, std::uint8_t* buf, size_t len, int flags, void* self);
    static ssize_t send_cb(wslay_event_context_ptr ctx, const std::uint8_t* data, size_t len, int flags, void* self);
    static void message_cb(wslay_event_context_ptr ctx, const wslay_event_on_msg_recv_arg* arg, void* self);
    void on_ready(short revents);
    void update_watch();
    void queue_close_when_sent();
    void finish();

    struct Closing {
        std::uint16_t code;
        std::string reason;
        bool queued = false;
    };

    MainLoop& loop_;
    std::unique_ptr<UpgradedSocket> socket_;
    Handlers handlers_;
    std::unique_ptr<wslay_event_context, ContextDeleter> context_;
    std::string pending_in_;  // bytes MHD read before the upgrade, fed to wslay first
    MainLoop::Clock::time_point last_heard_;
    MainLoop::Clock::time_point next_ping_;
    std::optional<Closing> closing_;
    bool finished_ = false;
};

}  // namespace headamp::remote
