// JSON as text for a peer or a log: invalid UTF-8 (from a phone, a datagram, a device's name) is
// replaced, never thrown on, so no message can take down the one who sends it on.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace headamp::control {

inline std::string json_text(const nlohmann::json& message) {
    return message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace headamp::control
