// Device matching (see device_match.hpp).
#include "control/device_match.hpp"

#include <vector>

#include "control/request.hpp"
#include "util/name_match.hpp"

namespace headamp::control {

namespace {

// The names a user may give a device: what `headamp devices` shows; its card number only in full.
Nameable keys_of(const DeviceRecord& d) {
    Nameable keys;
    for (const std::string* field : {&d.card_id, &d.label, &d.product, &d.identity})
        if (!field->empty()) keys.names.push_back(*field);
    if (!d.manufacturer.empty()) keys.names.push_back(d.manufacturer + " " + d.product);
    if (d.card >= 0) {
        keys.numbers.push_back(std::to_string(d.card));
        keys.numbers.push_back("hw:" + std::to_string(d.card));
    }
    return keys;
}

std::string display_name(const DeviceRecord& d) { return d.card_id + " (" + d.product + ", " + d.identity + ")"; }

}  // namespace

std::optional<std::size_t> match_device(const std::vector<DeviceRecord>& devices, const std::string& query) {
    std::vector<Nameable> keys;
    for (const DeviceRecord& d : devices) keys.push_back(keys_of(d));
    const NameMatch m = headamp::match_name(keys, query);
    if (m.found) return m.found;
    if (!m.ambiguous()) return std::nullopt;
    std::string which;
    for (std::size_t i : m.candidates) which += (which.empty() ? "" : ", ") + display_name(devices[i]);
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
