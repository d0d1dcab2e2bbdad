// One phone's conversation with the daemon over its WebSocket (the page's protocol): first
// {"op":"hello","token":..} decides the connection's AccessScope; then every message is a control
// request as on the socket, checked against the scope and handled by the one RequestHandler; answers,
// events and meters go back as JSON text. A refused request changes nothing.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "control/request_handler.hpp"
#include "control/subscription.hpp"
#include "remote/access_scope.hpp"

namespace headamp::remote {

// The scope a token gives, nothing for a token that is not one (TokenStore::scope_for).
using ScopeLookup = std::function<std::optional<AccessScope>(std::string_view token)>;

class PageSession {
public:
    // Sends one text message to the phone; false when it could not be queued.
    using Send = std::function<bool(const std::string& text)>;
    // Ends the connection with a WebSocket close code and reason.
    using Close = std::function<void(std::uint16_t code, const std::string& reason)>;

    PageSession(control::RequestHandler& handler, ScopeLookup scopes, Send send, Close close)
        : handler_(handler), scopes_(std::move(scopes)), send_(std::move(send)), close_(std::move(close)) {}

    void on_text(std::string_view text);
    // A control protocol event: passed on when the phone subscribed to events.
    void on_event(const nlohmann::json& event);
    // Meters, when the phone asked for them and they are due; `meters` makes the event (once per tick).
    void send_due_meters(std::chrono::steady_clock::time_point now, const std::function<const std::string&()>& meters);
    std::optional<std::chrono::steady_clock::time_point> next_meters() const;

    const std::optional<AccessScope>& scope() const { return scope_; }

private:
    void hello(const nlohmann::json& message);
    void refuse(const nlohmann::json& id, const std::string& why);

    control::RequestHandler& handler_;
    ScopeLookup scopes_;
    Send send_;
    Close close_;
    std::optional<AccessScope> scope_;  // nothing until a good hello
    control::Subscription subscription_;
};

// "view", "mix" or "admin".
std::string_view level_name(AccessLevel level);
// The fader law (control/volume_mapping) as a table the page interpolates: [position, dB] pairs.
nlohmann::json fader_table();

}  // namespace headamp::remote
