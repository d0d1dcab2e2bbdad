// Device matching (see device_match.hpp).
#include "control/device_match.hpp"

#include <vector>

#include "control/request.hpp"
#include "util/name_match.hpp"

namespace headamp::control {

namespace {

// The names a user may give a device: what `headamp devices` shows; its card number only in full.
Nameable keys_of(const nlohmann::json& d) {
    Nameable keys;
    for (const char* field : {"card_id", "label", "product", "identity"})
        if (d.contains(field) && d[field].is_string() && !d[field].get<std::string>().empty())
            keys.names.push_back(d[field].get<std::string>());
    if (d.contains("manufacturer") && d.contains("product") && d["manufacturer"].is_string())
        keys.names.push_back(d["manufacturer"].get<std::string>() + " " + d["product"].get<std::string>());
    if (d.contains("card") && d["card"].is_number_integer()) {
        keys.numbers.push_back(std::to_string(d["card"].get<int>()));
        keys.numbers.push_back("hw:" + std::to_string(d["card"].get<int>()));
    }
    return keys;
}

std::string display_name(const nlohmann::json& d) {
    return d.value("card_id", std::string("?")) + " (" + d.value("product", std::string()) + ", " +
           d.value("identity", std::string()) + ")";
}

}  // namespace

std::optional<std::size_t> match_device(const nlohmann::json& devices, const std::string& query) {
    if (!devices.is_array()) return std::nullopt;
    std::vector<Nameable> keys;
    for (const nlohmann::json& d : devices) keys.push_back(keys_of(d));
    const NameMatch m = headamp::match_name(keys, query);
    if (m.found) return m.found;
    if (!m.ambiguous()) return std::nullopt;
    std::string which;
    for (std::size_t i : m.candidates) which += (which.empty() ? "" : ", ") + display_name(devices[i]);
    throw RequestError("device " + quote(query) + " is ambiguous: it could be " + which +
                       "; give more of its name, its card number or its identity");
}

std::size_t require_device(const nlohmann::json& devices, const std::string& query) {
    if (auto i = match_device(devices, query)) return *i;
    std::string valid;
    for (const nlohmann::json& d : devices) valid += (valid.empty() ? "" : ", ") + display_name(d);
    throw RequestError("there is no device " + quote(query) + "; " +
                       (valid.empty() ? std::string("no USB audio interface is present") : "present: " + valid));
}

}  // namespace headamp::control
