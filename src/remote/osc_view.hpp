// What a control surface is sent: the values of the address space, read from the state the control
// protocol reports (status, state events) and its meters, as OSC messages to be serialised.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "control/records.hpp"
#include "remote/osc_address.hpp"

namespace headamp::remote {

using OscValue = std::variant<std::int32_t, float, std::string>;

struct OscOut {
    std::string address;
    std::vector<OscValue> args;
    bool operator==(const OscOut&) const = default;
};

// Every value of the address space, mixes and sources by number: /mix/1/ch/2/db, ... /mix/1/master/mute.
std::vector<OscOut> osc_view(const control::GraphRecord& state);

// The one value `target` names, at `address`; throws control::RequestError for a mix or source that
// the name rule does not find.
OscOut osc_query(const control::GraphRecord& state, const OscTarget& target, const std::string& address);

// Meters, peak dBFS (-120 for silence): /ch/{n}/meter with one float per channel of source n, and
// /mix/{n}/meter with two (L, R).
std::vector<OscOut> osc_meters(const control::MetersRecord& meters);

}  // namespace headamp::remote
