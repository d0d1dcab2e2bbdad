// Strict request field access (see request.hpp).
#include "control/request.hpp"

#include <cmath>
#include <sstream>

namespace headamp::control {

namespace {
std::string number_text(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}
}  // namespace

std::string quote(const std::string& text) {
    if (text.size() <= 40) return "'" + text + "'";
    return "'" + text.substr(0, 37) + "...'";
}

Request::Request(const nlohmann::json& json) : json_(json) {
    if (!json_.is_object()) throw RequestError("a request must be a JSON object");
    const auto op = json_.find("op");
    if (op == json_.end()) throw RequestError("the request has no \"op\" field (which operation to do)");
    if (!op->is_string()) throw RequestError("field 'op' must be a string");
    op_ = op->get<std::string>();
}

void Request::allow_only(const std::vector<std::string_view>& allowed) const {
    for (const auto& [key, value] : json_.items()) {
        if (key == "id" || key == "op") continue;
        bool ok = false;
        for (std::string_view a : allowed) ok = ok || key == a;
        if (ok) continue;
        std::string valid;
        for (std::string_view a : allowed) valid += (valid.empty() ? "" : ", ") + std::string(a);
        throw RequestError("unknown field " + quote(key) + " in a '" + op_ + "' request" +
                           (valid.empty() ? std::string(" (it takes none)") : "; valid fields: " + valid));
    }
}

std::string Request::string(const char* field) const {
    auto v = opt_string(field);
    if (!v) throw RequestError("the '" + op_ + "' request needs the field '" + field + "'");
    return *v;
}

std::optional<std::string> Request::opt_string(const char* field) const {
    const auto it = json_.find(field);
    if (it == json_.end()) return std::nullopt;
    if (!it->is_string()) throw RequestError(std::string("field '") + field + "' must be a string");
    return it->get<std::string>();
}

std::optional<double> Request::opt_number(const char* field, double lo, double hi) const {
    const auto it = json_.find(field);
    if (it == json_.end()) return std::nullopt;
    if (!it->is_number()) throw RequestError(std::string("field '") + field + "' must be a number");
    const double v = it->get<double>();
    if (!std::isfinite(v)) throw RequestError(std::string("field '") + field + "' must be a finite number");
    if (v < lo || v > hi)
        throw RequestError(std::string("field '") + field + "' is " + number_text(v) + "; it must be between " +
                           number_text(lo) + " and " + number_text(hi));
    return v;
}

std::optional<Switch> Request::opt_switch(const char* field) const {
    const auto it = json_.find(field);
    if (it == json_.end()) return std::nullopt;
    if (it->is_boolean()) return it->get<bool>() ? Switch::On : Switch::Off;
    if (it->is_string() && it->get<std::string>() == "toggle") return Switch::Toggle;
    throw RequestError(std::string("field '") + field + "' must be true, false or \"toggle\"");
}

}  // namespace headamp::control
