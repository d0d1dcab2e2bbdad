// Finds the device a user means in the status list of devices: by card id, product, identity or card
// number ("1", "hw:1"), util/name_match.hpp's rule: case-insensitively, in full or by unique prefix,
// a card number only in full.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "control/records.hpp"

namespace headamp::control {

// Index into `devices` (the devices present); nothing when no device matches. Throws RequestError when
// the query could mean several devices.
std::optional<std::size_t> match_device(const std::vector<DeviceRecord>& devices, const std::string& query);

// Like match_device, but a query that matches nothing is a RequestError listing the devices present.
std::size_t require_device(const std::vector<DeviceRecord>& devices, const std::string& query);

}  // namespace headamp::control
