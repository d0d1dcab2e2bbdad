// headamp's OSC address space (headamp-osc(7)): what one message asks for, as the control request it
// stands for (the same "set", "master" and "subscribe" the socket takes) or as a query of one value.
// Mixes and sources are named by number from 1 or by name; the handler resolves them with the one name
// rule. Nothing here reads or changes the state.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "remote/osc_packet.hpp"

namespace headamp::remote {

// A message that does not fit the address space: the reason, said back to the sender as /error.
class OscError : public std::runtime_error {
public:
    using runtime_error::runtime_error;
};

enum class OscField { Db, Fader, Pan, Mute, Solo };

// One value of a mix: a source's send (`source` set) or the master.
struct OscTarget {
    std::string mix;
    std::optional<std::string> source;
    OscField field = OscField::Db;
};

struct OscAction {
    enum class Kind { Change, Query, Subscribe, Unsubscribe };
    Kind kind = Kind::Query;
    nlohmann::json request;  // Change and Subscribe: the control request
    OscTarget target;        // Change and Query
};

// Meters a subscriber gets when /subscribe names no rate, in Hz.
inline constexpr double kDefaultOscMetersHz = 25.0;

// Throws OscError for an unknown address, a wrong number or type of arguments, or a fader or switch
// value out of its range (a level or pan out of range is the handler's to refuse, as on the socket).
OscAction translate(const OscMessage& message);

// The address of a target with the mix and source as given: "/mix/2/ch/vox/db".
std::string address_of(const OscTarget& target);

}  // namespace headamp::remote
