// A JSON number as an int, only when it is a whole number that fits: nlohmann's get<int>() wraps
// 4294967296 to 0 and truncates 2.5, so every saved or sent integer goes through this.
#pragma once

#include <limits>
#include <optional>

#include <nlohmann/json.hpp>

namespace headamp {

inline std::optional<int> json_int(const nlohmann::json& v) {
    if (v.is_number_unsigned()) {
        const auto u = v.get<nlohmann::json::number_unsigned_t>();
        if (u > static_cast<nlohmann::json::number_unsigned_t>(std::numeric_limits<int>::max())) return std::nullopt;
        return static_cast<int>(u);
    }
    if (!v.is_number_integer()) return std::nullopt;
    const auto i = v.get<nlohmann::json::number_integer_t>();
    if (i < std::numeric_limits<int>::min() || i > std::numeric_limits<int>::max()) return std::nullopt;
    return static_cast<int>(i);
}

}  // namespace headamp
