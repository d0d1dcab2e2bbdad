// One parsed request: strict access to its fields, so that a wrong type, a non-finite number or an
// unknown field is refused with a message naming the field.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace headamp::control {

// Thrown while handling a request; becomes {"id":..,"error":what()} and nothing is changed.
class RequestError : public std::runtime_error {
public:
    using runtime_error::runtime_error;
};

// A boolean field may also be the string "toggle".
enum class Switch { Off, On, Toggle };

class Request {
public:
    // Throws RequestError unless `json` is an object with a string "op".
    explicit Request(const nlohmann::json& json);

    const std::string& op() const { return op_; }

    // Refuses any field not in `allowed` ("id" and "op" are always allowed).
    void allow_only(const std::vector<std::string_view>& allowed) const;

    std::string string(const char* field) const;  // required
    std::optional<std::string> opt_string(const char* field) const;
    std::optional<double> opt_number(const char* field, double lo, double hi) const;  // finite, in [lo, hi]
    std::optional<Switch> opt_switch(const char* field) const;

private:
    const nlohmann::json& json_;
    std::string op_;
};

// Clips text quoted back to the user to a readable length.
std::string quote(const std::string& text);

}  // namespace headamp::control
