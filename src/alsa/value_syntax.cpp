// Parser of amixer-style control values, per channel, against a control's kind and ranges.
#include "alsa/value_syntax.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>

#include "util/text.hpp"

namespace headamp::alsa {

namespace {

bool parse_number(std::string_view s, double& out) {
    if (s.empty()) return false;
    const std::string str(s);
    char* end = nullptr;
    out = std::strtod(str.c_str(), &end);
    return end == str.c_str() + str.size() && std::isfinite(out);
}

// A step never moves the other way. It could: percent is a double, and over an INTEGER64 range wider
// than 2^53 the round trip lands raw steps off; and from mute on a scale whose steps all read as mute,
// every level is "below" and "above" at once.
long same_way(int direction, long to, long now) { return direction > 0 ? std::max(to, now) : std::min(to, now); }

std::optional<long> volume_value(const ControlInfo& c, long now, std::string_view text, std::string& error) {
    int direction = 0;
    if (!text.empty() && (text.back() == '+' || text.back() == '-')) {
        direction = text.back() == '+' ? 1 : -1;
        text.remove_suffix(1);
    }
    const std::string t = lowercase(text);
    double number = 0;
    if (t.size() > 2 && t.ends_with("db")) {
        if (!c.db) {
            error = "'" + c.id.name + "' has no dB scale; use a percentage or a raw value";
            return std::nullopt;
        }
        if (!parse_number(std::string_view(t).substr(0, t.size() - 2), number)) return std::nullopt;
        if (direction == 0) return c.db->from_db(number, Rounding::Down);
        const double from = c.db->to_db(now) == kMuteDb ? c.db->min_db() - std::abs(number) : c.db->to_db(now);
        const long to =
            c.db->from_db(from + direction * std::abs(number), direction > 0 ? Rounding::Up : Rounding::Down);
        return same_way(direction, to, std::clamp(now, c.raw_min, c.raw_max));
    }
    if (t.size() > 1 && t.back() == '%') {
        if (!parse_number(std::string_view(t).substr(0, t.size() - 1), number)) return std::nullopt;
        if (direction == 0) return percent_to_raw(number, c.raw_min, c.raw_max, Rounding::Nearest);
        const double from = raw_to_percent(now, c.raw_min, c.raw_max);
        const long to = percent_to_raw(from + direction * std::abs(number), c.raw_min, c.raw_max,
                                       direction > 0 ? Rounding::Up : Rounding::Down);
        return same_way(direction, to, std::clamp(now, c.raw_min, c.raw_max));
    }
    long raw = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), raw);
    if (ec != std::errc() || end != t.data() + t.size()) return std::nullopt;
    if (direction != 0) {
        // An INTEGER64 control's range can reach the ends of a long: a step past them stops at the range's end.
        const long step = raw == std::numeric_limits<long>::min() ? std::numeric_limits<long>::max() : std::abs(raw);
        long moved = 0;
        raw = __builtin_add_overflow(now, direction * step, &moved) ? (direction > 0 ? c.raw_max : c.raw_min) : moved;
    }
    return std::clamp(raw, c.raw_min, c.raw_max);
}

std::optional<long> switch_value(long now, std::string_view text) {
    const std::string t = lowercase(text);
    if (t == "on" || t == "1" || t == "yes" || t == "unmute") return 1;
    if (t == "off" || t == "0" || t == "no" || t == "mute") return 0;
    if (t == "toggle") return now ? 0 : 1;
    return std::nullopt;
}

std::optional<long> enum_value(const ControlInfo& c, std::string_view text) {
    for (std::size_t i = 0; i < c.items.size(); ++i)
        if (lowercase(c.items[i]) == lowercase(text)) return static_cast<long>(i);
    long index = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), index);
    if (ec == std::errc() && end == text.data() + text.size() && index >= 0 &&
        static_cast<std::size_t>(index) < c.items.size())
        return index;
    return std::nullopt;
}

}  // namespace

ParsedValue parse_value(const ControlInfo& c, const ControlValues& current, std::string_view text) {
    ParsedValue out;
    if (c.kind == Kind::Other || c.channels == 0) {
        out.error = "'" + c.id.name + "' cannot be set from text";
        return out;
    }
    // Enumeration item names may contain commas ("Line, rear"): try the whole text as one item first.
    if (c.kind == Kind::Enumeration) {
        if (std::optional<long> v = enum_value(c, text)) {
            out.values.assign(c.channels, *v);
            return out;
        }
    }
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const std::size_t comma = text.find(',', start);
        parts.push_back(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    if (parts.size() > c.channels) {
        out.error = "'" + c.id.name + "' has " + std::to_string(c.channels) + " channel(s)";
        return out;
    }
    for (unsigned ch = 0; ch < c.channels; ++ch) {
        const std::string_view part = parts[std::min<std::size_t>(ch, parts.size() - 1)];
        const long now = ch < current.size() ? current[ch] : c.raw_min;
        std::optional<long> v;
        switch (c.kind) {
        case Kind::Volume: v = volume_value(c, now, part, out.error); break;
        case Kind::Switch: v = switch_value(now, part); break;
        case Kind::Enumeration: v = enum_value(c, part); break;
        case Kind::Other: break;
        }
        if (!v) {
            if (out.error.empty()) out.error = "'" + std::string(part) + "' is not a value for '" + c.id.name + "'";
            out.values.clear();
            return out;
        }
        out.values.push_back(*v);
    }
    return out;
}

}  // namespace headamp::alsa
