// Fuzz target: the headamp command's value syntax: levels ("-6dB", "3dB+", "80%", "mute", several
// joined by commas, split by util/amixer_value's tokenizer), pans ("L50", "-100".."100", "C"),
// numbers with units ("1.2kHz") and switches.
// Input: a byte choosing the fader's top, then the text.
#include "fuzz_target.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "cli/value_syntax.hpp"
#include "util/amixer_value.hpp"
#include "util/text.hpp"

using namespace headamp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::FuzzInput in(data, size);
    constexpr double kTops[] = {12.0, 24.0, 0.0, 6.0};  // send, master, ...: the max_db the command passes
    const double max_db = kTops[in.byte() % 4];
    const std::string text(in.rest());

    // The tokenizer alone: one token per comma-separated item, each what its kind says.
    const std::vector<amixer::Token> tokens = amixer::tokenize(text);
    FUZZ_CHECK(tokens.size() == static_cast<std::size_t>(std::count(text.begin(), text.end(), ',')) + 1, text);
    for (const amixer::Token& t : tokens) {
        FUZZ_CHECK(t.text.find(',') == std::string::npos, t.text);
        FUZZ_CHECK((t.kind == amixer::Token::Kind::Invalid) == !t.error.empty(), t.text + ": " + t.error);
        if (t.kind == amixer::Token::Kind::Level) {
            FUZZ_CHECK(std::isfinite(t.number) || (t.unit == amixer::Unit::Db && t.step == amixer::Step::None),
                       "a step or a percentage that is not finite: '" + t.text + "'");
            FUZZ_CHECK(std::isfinite(amixer::step_change(t)), t.text);
        }
    }

    nlohmann::json request = nlohmann::json::object();
    if (!cli::parse_level_value(text, max_db, request)) {
        FUZZ_CHECK(!request.empty(), "a level that sets nothing: '" + text + "'");
        for (const char* field : {"level_db", "level_step_db"})
            if (request.contains(field))
                FUZZ_CHECK(request[field].is_number() && std::isfinite(request[field].get<double>()),
                           std::string(field) + " is not a finite number for '" + text + "'");
        // Without an absolute dB value, a level is a fader position: never above the fader's top.
        if (request.contains("level_db") && lowercase(text).find("db") == std::string::npos)
            FUZZ_CHECK(request["level_db"].get<double>() <= max_db,
                       "a level above the top of the fader: '" + text + "'");
        if (request.contains("mute"))
            FUZZ_CHECK(request["mute"].is_boolean() || request["mute"] == "toggle", request.dump());
        // A step is the token's signed change, as amixer reads it ("-3dB+" is 3 dB down).
        if (request.contains("level_step_db"))
            for (const amixer::Token& t : tokens)
                if (t.step != amixer::Step::None)
                    FUZZ_CHECK(request["level_step_db"].get<double>() == amixer::step_change(t), request.dump());
    } else {
        FUZZ_CHECK(request.empty(), "a refused level changed the request: " + request.dump());
    }
    if (const auto pan = cli::parse_pan(text)) FUZZ_CHECK(*pan >= -1.0 && *pan <= 1.0, std::to_string(*pan));
    for (const char* unit : {"dB", "Hz", ""})
        if (const auto v = cli::parse_number(text, unit)) FUZZ_CHECK(std::isfinite(*v), text);
    if (const auto sw = cli::parse_switch(text)) FUZZ_CHECK(sw->is_boolean() || *sw == "toggle", sw->dump());
    return 0;
}
