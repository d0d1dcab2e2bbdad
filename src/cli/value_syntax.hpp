// amixer's value syntax for levels: "-6dB", "3dB+", "2dB-", "80%", "mute", "unmute", "toggle", and
// a level and a mute joined by a comma ("-6dB,unmute"), turned into the fields of a control request.
// The text is split by util/amixer_value.hpp; a fader reads each item as one setting.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace headamp::cli {

// Adds level_db / level_step_db / mute to `request`. max_db is the top of the fader (for percentages).
// A step adds its signed number, as in amixer ("-3dB+" is 3 dB down). Returns a usage error message,
// and then leaves `request` as it was, or nothing; two values for the level, or two for the mute, are
// an error.
std::optional<std::string> parse_level_value(const std::string& value, double max_db, nlohmann::json& request);

// "-100".."100" (also "L50", "R30", "C") -> pan -1..1; nothing if not a pan.
std::optional<double> parse_pan(const std::string& value);

// "on", "off", "toggle" -> true / false / "toggle"; nothing if neither.
std::optional<nlohmann::json> parse_switch(const std::string& value);

// A number followed by an optional unit ("3", "3dB", "120Hz", "1.2kHz"); `unit` is matched case-insensitively
// and "k" multiplies by 1000. Nothing when it is not such a number or not finite.
std::optional<double> parse_number(const std::string& text, const std::string& unit);

}  // namespace headamp::cli
