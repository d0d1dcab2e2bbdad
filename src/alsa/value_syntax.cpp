// amixer-style control values (util/amixer_value.hpp's tokens), read per channel against a control's
// kind and ranges.
#include "alsa/value_syntax.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "util/amixer_value.hpp"
#include "util/text.hpp"

namespace headamp::alsa {

namespace {

using amixer::Token;

// A step never moves the other way. It could: percent is a double, and over an INTEGER64 range wider
// than 2^53 the round trip lands raw steps off; and from mute on a scale whose steps all read as mute,
// every level is "below" and "above" at once.
long same_way(int direction, long to, long now) { return direction > 0 ? std::max(to, now) : std::min(to, now); }

// A raw step from `now`; past the ends of a long (an INTEGER64 control's range can reach them) it
// stops at the control's end it was moving to.
long raw_step(const ControlInfo& c, long now, const Token& t) {
    long moved = 0;
    if (t.step == amixer::Step::Add) {
        if (__builtin_add_overflow(now, t.integer, &moved)) return t.integer > 0 ? c.raw_max : c.raw_min;
    } else if (__builtin_sub_overflow(now, t.integer, &moved)) {
        return t.integer < 0 ? c.raw_max : c.raw_min;
    }
    return moved;
}

std::optional<long> volume_value(const ControlInfo& c, long now, const Token& t, std::string& error) {
    if (t.kind != Token::Kind::Level) return std::nullopt;
    now = std::clamp(now, c.raw_min, c.raw_max);
    if (t.unit == amixer::Unit::Raw)
        return std::clamp(t.step == amixer::Step::None ? t.integer : raw_step(c, now, t), c.raw_min, c.raw_max);
    const double change = amixer::step_change(t);
    const int direction = change > 0 ? 1 : change < 0 ? -1 : 0;
    const Rounding rounding = direction > 0 ? Rounding::Up : Rounding::Down;
    if (t.step != amixer::Step::None && direction == 0) return now;
    if (t.unit == amixer::Unit::Db) {
        if (!c.db) {
            error = "'" + c.id.name + "' has no dB scale; use a percentage or a raw value";
            return std::nullopt;
        }
        if (t.step == amixer::Step::None) return c.db->from_db(t.number, Rounding::Down);
        const double from = c.db->to_db(now) == kMuteDb ? c.db->min_db() - std::abs(change) : c.db->to_db(now);
        return same_way(direction, c.db->from_db(from + change, rounding), now);
    }
    if (t.step == amixer::Step::None) return percent_to_raw(t.number, c.raw_min, c.raw_max, Rounding::Nearest);
    const double from = raw_to_percent(now, c.raw_min, c.raw_max);
    return same_way(direction, percent_to_raw(from + change, c.raw_min, c.raw_max, rounding), now);
}

std::optional<long> switch_value(long now, const Token& t) {
    if (t.kind == Token::Kind::Switch) {
        switch (t.word) {
            case amixer::SwitchWord::Unmute:
            case amixer::SwitchWord::Capture: return 1;
            case amixer::SwitchWord::Mute:
            case amixer::SwitchWord::NoCapture: return 0;
            case amixer::SwitchWord::Toggle: return now ? 0 : 1;
        }
    }
    if (t.kind == Token::Kind::Level && t.unit == amixer::Unit::Raw && t.step == amixer::Step::None &&
        (t.integer == 0 || t.integer == 1))
        return t.integer;
    const std::string w = lowercase(t.text);
    if (w == "yes") return 1;
    if (w == "no") return 0;
    return std::nullopt;
}

std::optional<long> item_named(const ControlInfo& c, std::string_view text) {
    for (std::size_t i = 0; i < c.items.size(); ++i)
        if (lowercase(c.items[i]) == lowercase(text)) return static_cast<long>(i);
    return std::nullopt;
}

std::optional<long> enum_value(const ControlInfo& c, const Token& t) {
    if (auto named = item_named(c, t.text)) return named;
    if (t.kind == Token::Kind::Level && t.unit == amixer::Unit::Raw && t.step == amixer::Step::None && t.integer >= 0 &&
        static_cast<std::size_t>(t.integer) < c.items.size())
        return t.integer;
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
        if (std::optional<long> v = item_named(c, text)) {
            out.values.assign(c.channels, *v);
            return out;
        }
    }
    const std::vector<Token> tokens = amixer::tokenize(text);
    if (tokens.size() > c.channels) {
        out.error = "'" + c.id.name + "' has " + std::to_string(c.channels) + " channel(s)";
        return out;
    }
    // As in amixer: one item sets every channel; a list sets one channel each, and the channels after it
    // keep their value.
    for (unsigned ch = 0; ch < c.channels; ++ch) {
        const long now = ch < current.size() ? current[ch] : c.raw_min;
        if (tokens.size() > 1 && ch >= tokens.size()) {
            out.values.push_back(std::clamp(now, c.raw_min, c.raw_max));
            continue;
        }
        const Token& t = tokens[tokens.size() == 1 ? 0 : ch];
        std::optional<long> v;
        switch (c.kind) {
            case Kind::Volume: v = volume_value(c, now, t, out.error); break;
            case Kind::Switch: v = switch_value(now, t); break;
            case Kind::Enumeration: v = enum_value(c, t); break;
            case Kind::Other: break;
        }
        if (!v) {
            if (out.error.empty())
                out.error = t.kind == Token::Kind::Invalid ? t.error
                                                           : "'" + t.text + "' is not a value for '" + c.id.name + "'";
            out.values.clear();
            return out;
        }
        out.values.push_back(*v);
    }
    return out;
}

}  // namespace headamp::alsa
