// amixer's value syntax, split into typed tokens: "80%", "-3dB", "3dB+", "-3dB-", "5+", "mute",
// "unmute", "toggle", "cap", "nocap", raw integers, one item per comma. What a token means is up to
// the reader: a card's control takes one item per channel (alsa/value_syntax), a fader one setting
// per item (cli/value_syntax).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace headamp::amixer {

enum class Unit { Raw, Percent, Db };

// amixer's "+" or "-" after a number: the number is added to the present value, or taken from it.
// The number keeps its sign, as in amixer: "-3dB+" is 3 dB down, "-3dB-" 3 dB up.
enum class Step { None, Add, Subtract };

// The switch words, as amixer knows them: "mute"/"off", "unmute"/"on", "toggle", "cap"/"rec",
// "nocap"/"norec".
enum class SwitchWord { Mute, Unmute, Toggle, Capture, NoCapture };

struct Token {
    enum class Kind {
        Level,    // a number with its unit and step
        Switch,   // a switch word
        Name,     // any other word (an enumeration item's name, "yes"): for the reader to judge
        Invalid,  // empty, or starts like a number but is not one: `error` says why
    };
    Kind kind = Kind::Invalid;
    std::string text;  // the item as written

    Unit unit = Unit::Raw;
    Step step = Step::None;
    double number = 0;  // as written, with its sign; -inf for "-inf" / "-infdB" (Unit::Db)
    long integer = 0;   // Unit::Raw: the exact whole number (a raw value may need all 64 bits)

    SwitchWord word = SwitchWord::Mute;

    std::string error;
};

// One token per comma-separated item, in order (at least one: "" is one empty item). Never throws.
std::vector<Token> tokenize(std::string_view value);

// A step's signed change: +number for Step::Add, -number for Step::Subtract, 0 without a step.
double step_change(const Token& t);

}  // namespace headamp::amixer
