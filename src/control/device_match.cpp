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
std::vector<std::string> keys_of(const DeviceRecord& d) {
    std::vector<std::string> keys;
    for (const std::string* field : {&d.card_id, &d.label, &d.product, &d.identity})
        if (!field->empty()) keys.push_back(lowercase(*field));
    keys.push_back(lowercase(d.manufacturer + " " + d.product));
    if (d.card >= 0) {
        keys.push_back(std::to_string(d.card));
        keys.push_back("hw:" + std::to_string(d.card));
    }
    return keys;
}

std::string display_name(const DeviceRecord& d) {
    return d.card_id + " (" + d.product + ", " + d.identity + ")";
}

}  // namespace

std::optional<std::size_t> match_device(const std::vector<DeviceRecord>& devices, const std::string& query) {
    if (query.empty()) return std::nullopt;
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

std::size_t require_device(const std::vector<DeviceRecord>& devices, const std::string& query) {
    if (auto i = match_device(devices, query)) return *i;
    std::string valid;
    for (const DeviceRecord& d : devices) valid += (valid.empty() ? "" : ", ") + display_name(d);
    throw RequestError("there is no device " + quote(query) + "; " +
                       (valid.empty() ? std::string("no USB audio interface is present") : "present: " + valid));
}

}  // namespace headamp::control
