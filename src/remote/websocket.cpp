// A WebSocket by wslay in the main loop (see websocket.hpp).
#include "remote/websocket.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "util/log.hpp"

namespace headamp::remote {

WebSocket::WebSocket(MainLoop& loop, std::unique_ptr<UpgradedSocket> socket, Handlers handlers)
    : loop_(loop), socket_(std::move(socket)), handlers_(std::move(handlers)) {
    static const wslay_event_callbacks callbacks{
        &WebSocket::recv_cb, &WebSocket::send_cb, nullptr, nullptr, nullptr, nullptr, &WebSocket::message_cb};
    wslay_event_context_ptr ctx = nullptr;
    if (wslay_event_context_server_init(&ctx, &callbacks, this) != 0) throw std::bad_alloc();
    context_.reset(ctx);
    // wslay answers a message over the cap with close 1009 (message too big) and reads no further.
    wslay_event_config_set_max_recv_msg_length(ctx, kMaxWebSocketMessage);
    pending_in_ = socket_->take_already_read();
    last_heard_ = MainLoop::Clock::now();
    next_ping_ = last_heard_ + kWebSocketPingEvery;
    update_watch();
}

WebSocket::~WebSocket() {
    if (socket_) loop_.unwatch(socket_->fd());
}

ssize_t WebSocket::recv_cb(wslay_event_context_ptr ctx, std::uint8_t* buf, size_t len, int, void* self) {
    auto* ws = static_cast<WebSocket*>(self);
    if (!ws->pending_in_.empty()) {
        const std::size_t n = std::min(len, ws->pending_in_.size());
        std::memcpy(buf, ws->pending_in_.data(), n);
        ws->pending_in_.erase(0, n);
        return static_cast<ssize_t>(n);
    }
    const ssize_t n = ::recv(ws->socket_->fd(), buf, len, 0);
    if (n > 0) return n;
    const bool would_block = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
    wslay_event_set_error(ctx, would_block ? WSLAY_ERR_WOULDBLOCK : WSLAY_ERR_CALLBACK_FAILURE);
    return -1;
}

ssize_t WebSocket::send_cb(wslay_event_context_ptr ctx, const std::uint8_t* data, size_t len, int, void* self) {
    auto* ws = static_cast<WebSocket*>(self);
    const ssize_t n = ::send(ws->socket_->fd(), data, len, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n >= 0) return n;
    const bool would_block = errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    wslay_event_set_error(ctx, would_block ? WSLAY_ERR_WOULDBLOCK : WSLAY_ERR_CALLBACK_FAILURE);
    return -1;
}

void WebSocket::message_cb(wslay_event_context_ptr, const wslay_event_on_msg_recv_arg* arg, void* self) {
    auto* ws = static_cast<WebSocket*>(self);
    ws->last_heard_ = MainLoop::Clock::now();
    if (arg->opcode == WSLAY_BINARY_FRAME) return ws->close(1003, "binary frames are not spoken here");
    if (arg->opcode != WSLAY_TEXT_FRAME) return;  // ping, pong and close: wslay answers them itself
    // Nothing may unwind through wslay's C frames: a handler's exception is a bug, logged, and ends only
    // this connection.
    try {
        ws->handlers_.on_text(std::string_view(reinterpret_cast<const char*>(arg->msg), arg->msg_length));
    } catch (const std::exception& e) {
        log::error("page: a message could not be handled (", e.what(), "); closing that connection");
        ws->close(1011, "internal error");
    }
}

void WebSocket::on_ready(short revents) {
    wslay_event_context_ptr ctx = context_.get();
    // In order: what came in (answers are queued by the handler), then what is queued goes out.
    if ((revents & (POLLIN | POLLHUP | POLLERR)) && wslay_event_recv(ctx) != 0) return finish();
    if (finished_) return;
    if (wslay_event_want_write(ctx) && wslay_event_send(ctx) != 0) return finish();
    queue_close_when_sent();
    if (wslay_event_want_write(ctx) && wslay_event_send(ctx) != 0) return finish();
    if (!wslay_event_want_read(ctx) && !wslay_event_want_write(ctx)) return finish();
    update_watch();
}

void WebSocket::update_watch() {
    if (finished_) return;
    short events = 0;
    if (wslay_event_want_read(context_.get())) events |= POLLIN;
    if (wslay_event_want_write(context_.get())) events |= POLLOUT;
    loop_.watch(
        socket_->fd(), [this](short revents) { on_ready(revents); }, events);
}

bool WebSocket::send_text(std::string_view text) {
    if (finished_ || closing_ || wslay_event_get_close_sent(context_.get())) return false;
    if (wslay_event_get_queued_msg_length(context_.get()) + text.size() > kMaxWebSocketBacklog) return false;
    const wslay_event_msg msg{WSLAY_TEXT_FRAME, reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
    if (wslay_event_queue_msg(context_.get(), &msg) != 0) return false;
    update_watch();
    return true;
}

void WebSocket::close(std::uint16_t code, std::string_view reason) {
    if (finished_ || closing_) return;
    // wslay sends control frames before queued messages and drops what is left once the close has gone:
    // the close waits until the messages before it (an error saying why) are out.
    closing_ = Closing{code, std::string(reason.substr(0, 123))};
    queue_close_when_sent();
    update_watch();
}

void WebSocket::queue_close_when_sent() {
    if (!closing_ || closing_->queued || wslay_event_get_queued_msg_count(context_.get()) != 0) return;
    closing_->queued = true;
    wslay_event_queue_close(context_.get(), closing_->code,
                            reinterpret_cast<const std::uint8_t*>(closing_->reason.data()), closing_->reason.size());
}

bool WebSocket::idle() const { return wslay_event_get_queued_msg_count(context_.get()) == 0; }

std::chrono::milliseconds WebSocket::tick(MainLoop::Clock::time_point now) {
    if (finished_) return std::chrono::milliseconds(1000);
    if (now - last_heard_ > kWebSocketSilenceLimit) {
        finish();
        return std::chrono::milliseconds(1000);
    }
    if (now >= next_ping_) {
        const wslay_event_msg ping{WSLAY_PING, nullptr, 0};
        wslay_event_queue_msg(context_.get(), &ping);
        next_ping_ = now + kWebSocketPingEvery;
        update_watch();
    }
    return std::chrono::ceil<std::chrono::milliseconds>(next_ping_ - now);
}

void WebSocket::finish() {
    if (finished_) return;
    finished_ = true;
    loop_.unwatch(socket_->fd());
    if (handlers_.on_closed) handlers_.on_closed();
}

}  // namespace headamp::remote
