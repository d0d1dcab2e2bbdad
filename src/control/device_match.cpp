// Device matching (see device_match.hpp).
#include "control/device_match.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "control/request.hpp"
#include "util/text.hpp"

namespace headamp::control {

namespace {

// The names a user may give a device: what `headamp devices` shows.
std::vector<std::string> keys_of(const nlohmann::json& d) {
    std::vector<std::string> keys;
    for (const char* field : {"card_id", "label", "product", "identity"})
        if (d.contains(field) && d[field].is_string() && !d[field].get<std::string>().empty())
            keys.push_back(lowercase(d[field].get<std::string>()));
    if (d.contains("manufacturer") && d.contains("product") && d["manufacturer"].is_string())
        keys.push_back(lowercase(d["manufacturer"].get<std::string>() + " " + d["product"].get<std::string>()));
    if (d.contains("card") && d["card"].is_number_integer()) {
        keys.push_back(std::to_string(d["card"].get<int>()));
        keys.push_back("hw:" + std::to_string(d["card"].get<int>()));
    }
    return keys;
}

std::string display_name(const nlohmann::json& d) {
    return d.value("card_id", std::string("?")) + " (" + d.value("product", std::string()) + ", " +
           d.value("identity", std::string()) + ")";
}

}  // namespace

std::optional<std::size_t> match_device(const nlohmann::json& devices, const std::string& query) {
    if (!devices.is_array() || query.empty()) return std::nullopt;
    const std::string q = lowercase(query);
    std::vector<std::size_t> exact, prefix;
    for (std::size_t i = 0; i < devices.size(); ++i) {
        const std::vector<std::string> keys = keys_of(devices[i]);
        if (std::find(keys.begin(), keys.end(), q) != keys.end()) exact.push_back(i);
        else if (std::any_of(keys.begin(), keys.end(), [&](const std::string& k) { return k.rfind(q, 0) == 0; }))
            prefix.push_back(i);
    }
    const std::vector<std::size_t>& hits = exact.empty() ? prefix : exact;
    if (hits.size() == 1) return hits[0];
    if (hits.empty()) return std::nullopt;
    std::string which;
    for (std::size_t i : hits) which += (which.empty() ? "" : ", ") + display_name(devices[i]);
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
