// The page's protocol (see page_session.hpp).
#include "remote/page_session.hpp"

#include <cmath>

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
    if (message.value("op", "") == "hello") return refuse(id, "already said hello");
    if (const std::optional<std::string> why = refusal_for(*scope_, message)) return refuse(id, *why);
    send_(handler_.handle(message, subscription_).dump());
}

void PageSession::hello(const json& message) {
    const auto token = message.find("token");
    if (message.value("op", "") != "hello" || token == message.end() || !token->is_string()) {
        send_(json{{"error", "say {\"op\":\"hello\",\"token\":...} first"}}.dump());
        return close_(1008, "no hello");
    }
    scope_ = scopes_(token->get<std::string>());
    if (!scope_) {
        log::warning("page: refused a token that is none of this daemon's");
        send_(json{{"error", "this link's token is not (or no longer) valid: ask for a new link"}}.dump());
        return close_(1008, "bad token");
    }
    json hello = {{"level", level_name(scope_->level)}};
    if (scope_->level == AccessLevel::mix) hello["mix"] = scope_->mix;
    send_(json{{"hello", hello}, {"fader", fader_table()}}.dump());
}

void PageSession::refuse(const json& id, const std::string& why) { send_(json{{"id", id}, {"error", why}}.dump()); }

void PageSession::on_event(const json& event) {
    if (scope_ && subscription_.events) send_(event.dump());
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
