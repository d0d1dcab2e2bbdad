// The control protocol's operations in one table: each one's name, the fields it takes and the function
// that does it. RequestHandler looks a request's op up here; every surface maps onto this table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "control/request.hpp"
#include "control/subscription.hpp"

namespace headamp::control {

class RequestHandler;

// Where a request came from: the owner's local control socket, or a surface on the LAN (OSC, the page),
// which never sees the remote links' secrets.
enum class Caller { lan, local_socket };

// What an operation is handed: the daemon's state (through the handler), the request (its fields already
// checked against the operation's), the asking connection's subscription and where it came from.
struct Call {
    RequestHandler& handler;
    const Request& request;
    Subscription& subscription;
    Caller caller;
};

struct Operation {
    std::string_view name;
    std::vector<std::string_view> fields;  // the fields it takes besides "id" and "op"
    // Returns the answer's fields; throws RequestError, having changed nothing, when it refuses.
    nlohmann::json (*run)(const Call& call);
};

// Every operation, in the order the protocol documents them.
const std::vector<Operation>& operations();

// The operation named `name`; throws RequestError naming the valid ones.
const Operation& find_operation(const std::string& name);

}  // namespace headamp::control
