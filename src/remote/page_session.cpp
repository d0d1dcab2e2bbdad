// The page's protocol (see page_session.hpp).
#include "remote/page_session.hpp"

#include <cmath>

#include "control/json_text.hpp"
#include "control/volume_mapping.hpp"
#include "core/graph.hpp"
#include "util/log.hpp"

namespace headamp::remote {

using nlohmann::json;

namespace {

constexpr int kFaderTablePoints = 200;

// Whether any number in `j` is NaN or infinite (JSON has neither, but a parser may make inf of 1e999).
bool has_non_finite(const json& j) {
    if (j.is_number_float()) return !std::isfinite(j.get<double>());
    if (j.is_structured())
        for (const json& v : j)
            if (has_non_finite(v)) return true;
    return false;
}

// Whether the message is a hello; any "op" that is not a string is not one (nor a reason to throw).
bool says_hello(const json& message) {
    const auto op = message.find("op");
    return op != message.end() && op->is_string() && op->get_ref<const std::string&>() == "hello";
}

json id_of(const json& message) {
    const auto it = message.find("id");
    return it != message.end() && (it->is_number_integer() || it->is_string()) ? *it : json(nullptr);
}

}  // namespace

std::string_view level_name(AccessLevel level) {
    switch (level) {
        case AccessLevel::view: return "view";
        case AccessLevel::mix: return "mix";
        case AccessLevel::admin: return "admin";
    }
    return "view";
}

json fader_table() {
    json table = json::array();
    for (int i = 0; i <= kFaderTablePoints; ++i) {
        const double position = static_cast<double>(i) / kFaderTablePoints;
        table.push_back({position, control::position_to_db(position, core::kMaxSendDb)});
    }
    return table;
}

void PageSession::on_text(std::string_view text) {
    json message;
    try {
        message = json::parse(text);
    } catch (const json::exception& e) {
        return refuse(nullptr, std::string("not JSON: ") + e.what());
    }
    if (!message.is_object()) return refuse(nullptr, "a message is a JSON object");
    const json id = id_of(message);
    if (has_non_finite(message)) return refuse(id, "numbers must be finite");
    if (!scope_) return hello(message);
    if (says_hello(message)) return refuse(id, "already said hello");
    if (const std::optional<std::string> why = refusal_for(*scope_, message)) return refuse(id, *why);
    send_(control::json_text(handler_.handle(message, subscription_)));
}

void PageSession::hello(const json& message) {
    const auto token = message.find("token");
    if (!says_hello(message) || token == message.end() || !token->is_string()) {
        send_(control::json_text({{"error", "say {\"op\":\"hello\",\"token\":...} first"}}));
        return close_(1008, "no hello");
    }
    scope_ = scopes_(token->get<std::string>());
    if (!scope_) {
        log::warning("page: refused a token that is none of this daemon's");
        send_(control::json_text({{"error", "this link's token is not (or no longer) valid: ask for a new link"}}));
        return close_(1008, "bad token");
    }
    json hello = {{"level", level_name(scope_->level)}};
    if (scope_->level == AccessLevel::mix) hello["mix"] = scope_->mix;
    send_(control::json_text({{"hello", hello}, {"fader", fader_table()}}));
}

void PageSession::refuse(const json& id, const std::string& why) {
    send_(control::json_text({{"id", id}, {"error", why}}));
}

void PageSession::on_event(const json& event) {
    if (scope_ && subscription_.events) send_(control::json_text(event));
}

std::optional<std::chrono::steady_clock::time_point> PageSession::next_meters() const {
    if (!scope_ || subscription_.meters_hz <= 0.0) return std::nullopt;
    return subscription_.next_meters;
}

void PageSession::send_due_meters(std::chrono::steady_clock::time_point now,
                                  const std::function<const std::string&()>& meters) {
    const auto due = next_meters();
    if (!due || now < *due) return;
    send_(meters());
    const auto period = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(1.0 / subscription_.meters_hz));
    subscription_.next_meters = std::max(subscription_.next_meters + period, now);
}

}  // namespace headamp::remote
