// amixer-style value parsing (see value_syntax.hpp).
#include "cli/value_syntax.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "control/volume_mapping.hpp"
#include "core/graph.hpp"
#include "util/amixer_value.hpp"
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

namespace {

// The field a token sets in a level request, and its value; or why a fader cannot take it.
struct FaderSetting {
    const char* field = nullptr;  // "level_db", "level_step_db" or "mute"
    nlohmann::json value;
    std::string error;
};

FaderSetting fader_setting(const amixer::Token& t, double max_db, const std::string& usage) {
    using amixer::Token;
    if (t.kind == Token::Kind::Switch) {
        switch (t.word) {
            case amixer::SwitchWord::Mute: return {"mute", true, {}};
            case amixer::SwitchWord::Unmute: return {"mute", false, {}};
            case amixer::SwitchWord::Toggle: return {"mute", "toggle", {}};
            case amixer::SwitchWord::Capture:
            case amixer::SwitchWord::NoCapture: break;
        }
        return {nullptr, {}, "'" + t.text + "' is for a card's capture switch; a fader takes mute, unmute or toggle"};
    }
    if (t.kind == Token::Kind::Invalid) return {nullptr, {}, t.text.empty() ? usage : t.error};
    if (t.kind != Token::Kind::Level) return {nullptr, {}, usage};
    if (t.unit == amixer::Unit::Raw)
        return {nullptr, {}, "'" + t.text + "' has no unit: a fader takes dB (-6dB, 3dB+) or a position (80%)"};
    if (t.unit == amixer::Unit::Percent) {
        if (t.step != amixer::Step::None)
            return {nullptr, {}, "a fader steps in dB, not in percent: write e.g. 3dB+ or 3dB-"};
        if (t.number < 0 || t.number > 100)
            return {nullptr, {}, "percentage '" + t.text + "' must be between 0% and 100%"};
        return {"level_db", control::position_to_db(t.number / 100.0, max_db), {}};
    }
    if (t.step != amixer::Step::None) return {"level_step_db", amixer::step_change(t), {}};
    return {"level_db", std::isinf(t.number) ? core::kSilenceDb : t.number, {}};
}

}  // namespace

std::optional<std::string> parse_level_value(const std::string& value, double max_db, nlohmann::json& request) {
    const std::string usage = "level " + (value.empty() ? std::string("''") : "'" + value + "'") +
                              " is not understood; write e.g. -6dB, 3dB+, 2dB-, 80%, -inf, mute, unmute or toggle";
    std::string level_token, mute_token;  // what set each, so that a second one is a conflict, not a silent win
    nlohmann::json settings = nlohmann::json::object();
    for (const amixer::Token& t : amixer::tokenize(value)) {
        FaderSetting s = fader_setting(t, max_db, usage);
        if (!s.field) return s.error;
        const bool sets_mute = std::string_view(s.field) == "mute";
        std::string& earlier = sets_mute ? mute_token : level_token;
        if (!earlier.empty())
            return "'" + earlier + "' and '" + t.text + "' both set the " + (sets_mute ? "mute" : "level") +
                   "; give one of them";
        earlier = t.text;
        settings[s.field] = std::move(s.value);
    }
    request.update(settings);
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
