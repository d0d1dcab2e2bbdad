// amixer-style value parsing (see value_syntax.hpp).
#include "cli/value_syntax.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "cli/volume_mapping.hpp"
#include "core/graph.hpp"
#include "util/text.hpp"

namespace headamp::cli {

namespace {
// Parses all of `text` as a finite decimal number.
std::optional<double> whole_number(const std::string& text) {
    if (text.empty()) return std::nullopt;
    for (unsigned char c : text)
        if (!std::isdigit(c) && c != '.' && c != '-' && c != '+') return std::nullopt;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}
}  // namespace

std::optional<double> parse_number(const std::string& text, const std::string& unit) {
    std::string t = lowercase(text);
    const std::string u = lowercase(unit);
    double scale = 1.0;
    if (!u.empty() && t.size() > u.size() && t.ends_with(u)) {
        t.resize(t.size() - u.size());
        if (u == "hz" && t.ends_with("k")) {
            t.pop_back();
            scale = 1000.0;
        }
    }
    auto v = whole_number(t);
    if (!v) return std::nullopt;
    return *v * scale;
}

std::optional<std::string> parse_level_value(const std::string& value, double max_db, nlohmann::json& request) {
    const std::string usage = "level " + (value.empty() ? std::string("''") : "'" + value + "'") +
                              " is not understood; write e.g. -6dB, 3dB+, 2dB-, 80%, -inf, mute, unmute or toggle";
    std::size_t start = 0;
    bool any = false;
    std::string level_token, mute_token;  // what set each, so that a second one is a conflict, not a silent win
    while (start <= value.size()) {
        const std::size_t comma = value.find(',', start);
        const std::string raw = value.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        const std::string token = lowercase(raw);
        start = comma == std::string::npos ? value.size() + 1 : comma + 1;
        if (token.empty()) return usage;
        any = true;
        const bool sets_mute = token == "mute" || token == "off" || token == "unmute" || token == "on" || token == "toggle";
        std::string& earlier = sets_mute ? mute_token : level_token;
        if (!earlier.empty())
            return "'" + earlier + "' and '" + raw + "' both set the " + (sets_mute ? "mute" : "level") +
                   "; give one of them";
        earlier = raw;
        if (token == "mute" || token == "off") {
            request["mute"] = true;
        } else if (token == "unmute" || token == "on") {
            request["mute"] = false;
        } else if (token == "toggle") {
            request["mute"] = "toggle";
        } else if (token == "-inf" || token == "-infdb") {
            request["level_db"] = core::kSilenceDb;
        } else if (token.ends_with('%')) {
            auto p = whole_number(token.substr(0, token.size() - 1));
            if (!p || *p < 0 || *p > 100) return "percentage '" + token + "' must be between 0% and 100%";
            request["level_db"] = position_to_db(*p / 100.0, max_db);
        } else if (token.ends_with("db+") || token.ends_with("db-")) {
            auto v = whole_number(token.substr(0, token.size() - 3));
            if (!v || *v < 0) return usage;
            request["level_step_db"] = token.back() == '+' ? *v : -*v;
        } else if (token.ends_with("db")) {
            auto v = whole_number(token.substr(0, token.size() - 2));
            if (!v) return usage;
            request["level_db"] = *v;
        } else {
            return usage;
        }
    }
    if (!any) return usage;
    return std::nullopt;
}

std::optional<double> parse_pan(const std::string& value) {
    const std::string v = lowercase(value);
    if (v == "c" || v == "centre" || v == "center") return 0.0;
    double sign = 1.0;
    std::string number = v;
    if (!v.empty() && (v[0] == 'l' || v[0] == 'r')) {
        sign = v[0] == 'l' ? -1.0 : 1.0;
        number = v.substr(1);
        if (!number.empty() && (number[0] == '-' || number[0] == '+')) return std::nullopt;
    }
    auto p = whole_number(number);
    if (!p || *p < -100 || *p > 100) return std::nullopt;
    return sign * *p / 100.0;
}

std::optional<nlohmann::json> parse_switch(const std::string& value) {
    const std::string v = lowercase(value);
    if (v == "on" || v == "1" || v == "yes") return true;
    if (v == "off" || v == "0" || v == "no") return false;
    if (v == "toggle") return "toggle";
    return std::nullopt;
}

}  // namespace headamp::cli
