// What one remote connection (a phone's page) may touch: one mix, everything, or only look.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace headamp::remote {

enum class AccessLevel { view, mix, admin };

struct AccessScope {
    AccessLevel level = AccessLevel::view;
    std::string mix;  // the one mix a mix token may change (level == mix)
};

// Why `request` (a control-protocol request object, as on the socket) is outside `scope`; nothing when it
// may run. Rules: admin may run every operation. view may run only status, meters and subscribe. mix may
// run those plus set, master (level_db, level_step_db, mute only), own and more_me, and only when the
// request's "mix" field is exactly the scope's mix name (a number or a prefix is refused for a mix token,
// so a reference can never resolve to somebody else's mix).
std::optional<std::string> refusal_for(const AccessScope& scope, const nlohmann::json& request);

}  // namespace headamp::remote
