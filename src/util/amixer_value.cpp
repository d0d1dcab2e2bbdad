// Tokenizer of amixer's value syntax (see amixer_value.hpp). Written by hand: amixer's own parser
// (alsa-utils amixer.c, set_volume_simple) acts on the mixer as it reads and is not a library.
#include "util/amixer_value.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "util/text.hpp"

namespace headamp::amixer {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string quoted(std::string_view s) {
    if (s.size() <= 40) return "'" + std::string(s) + "'";
    return "'" + std::string(s.substr(0, 37)) + "...'";
}

Token invalid(std::string_view item, std::string error) {
    Token t;
    t.text = item;
    t.error = std::move(error);
    return t;
}

// [+-]DIGITS[.DIGITS] or [+-].DIGITS, then % or dB (any case), then + or -.
Token level(std::string_view item) {
    const std::string lower = lowercase(item);
    if (lower == "-inf" || lower == "-infdb") {
        Token t;
        t.kind = Token::Kind::Level;
        t.text = item;
        t.unit = Unit::Db;
        t.number = -std::numeric_limits<double>::infinity();
        return t;
    }
    std::string_view rest = lower;
    std::size_t n = 0;
    if (n < rest.size() && (rest[n] == '-' || rest[n] == '+')) ++n;
    const std::size_t digits_from = n;
    while (n < rest.size() && is_digit(rest[n])) ++n;
    bool any_digit = n > digits_from, fraction = false;
    if (n < rest.size() && rest[n] == '.') {
        fraction = true;
        const std::size_t after_point = ++n;
        while (n < rest.size() && is_digit(rest[n])) ++n;
        any_digit = any_digit || n > after_point;
    }
    const std::string usage = quoted(item) + " is not a value: write a number with an optional % or dB and an " +
                              "optional + or - after it (80%, -6dB, 3dB+, 5-)";
    if (!any_digit) return invalid(item, usage);
    std::string_view number = rest.substr(0, n);
    rest.remove_prefix(n);
    Token t;
    t.kind = Token::Kind::Level;
    t.text = item;
    if (rest.starts_with("%")) {
        t.unit = Unit::Percent;
        rest.remove_prefix(1);
    } else if (rest.starts_with("db")) {
        t.unit = Unit::Db;
        rest.remove_prefix(2);
    }
    if (rest == "+" || rest == "-") {
        t.step = rest == "+" ? Step::Add : Step::Subtract;
        rest.remove_prefix(1);
    }
    if (!rest.empty()) return invalid(item, usage);
    if (number.starts_with('+')) number.remove_prefix(1);  // from_chars takes no '+'
    if (t.unit == Unit::Raw) {
        if (fraction) return invalid(item, quoted(item) + " is not a whole number (a raw value has no fraction)");
        const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), t.integer);
        if (ec != std::errc() || end != number.data() + number.size())
            return invalid(item, "the number in " + quoted(item) + " is too large");
        t.number = static_cast<double>(t.integer);
        return t;
    }
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), t.number);
    if (ec != std::errc() || end != number.data() + number.size() || !std::isfinite(t.number))
        return invalid(item, "the number in " + quoted(item) + " is too large");
    return t;
}

Token word(std::string_view item) {
    Token t;
    t.text = item;
    const std::string w = lowercase(item);
    t.kind = Token::Kind::Switch;
    if (w == "mute" || w == "off")
        t.word = SwitchWord::Mute;
    else if (w == "unmute" || w == "on")
        t.word = SwitchWord::Unmute;
    else if (w == "toggle")
        t.word = SwitchWord::Toggle;
    else if (w == "cap" || w == "rec")
        t.word = SwitchWord::Capture;
    else if (w == "nocap" || w == "norec")
        t.word = SwitchWord::NoCapture;
    else
        t.kind = Token::Kind::Name;
    return t;
}

Token token(std::string_view item) {
    if (item.empty()) return invalid(item, "an empty value (nothing before or after a comma)");
    const char c = item.front();
    if (is_digit(c) || c == '-' || c == '+' || c == '.') return level(item);
    return word(item);
}

}  // namespace

std::vector<Token> tokenize(std::string_view value) {
    std::vector<Token> tokens;
    for (std::size_t start = 0;;) {
        const std::size_t comma = value.find(',', start);
        const std::size_t length = comma == std::string_view::npos ? std::string_view::npos : comma - start;
        tokens.push_back(token(value.substr(start, length)));
        if (comma == std::string_view::npos) return tokens;
        start = comma + 1;
    }
}

double step_change(const Token& t) {
    switch (t.step) {
        case Step::Add: return t.number;
        case Step::Subtract: return -t.number;
        case Step::None: break;
    }
    return 0;
}

}  // namespace headamp::amixer
