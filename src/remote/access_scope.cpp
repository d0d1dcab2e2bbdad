// The access rules of a remote connection (see access_scope.hpp): checked before a request reaches the
// operation table, so a refused request never runs.
#include "remote/access_scope.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "control/request.hpp"

namespace headamp::remote {

using nlohmann::json;

namespace {

// What every scope may run: looking.
constexpr std::array<std::string_view, 3> kLookOps = {"status", "meters", "subscribe"};
// What a mix token may run besides looking, each on its own mix only.
constexpr std::array<std::string_view, 4> kMixOps = {"set", "master", "own", "more_me"};
// The parts of a master a musician may change; the pan law and mono are the engineer's.
constexpr std::array<std::string_view, 6> kMixMasterFields = {"id", "op", "mix", "level_db", "level_step_db", "mute"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::optional<std::string> mix_refusal(const AccessScope& scope, const json& request, const std::string& op) {
    if (!contains(kMixOps, op)) return "a mix link may not run " + control::quote(op);
    const auto mix = request.find("mix");
    // Exactly the name: a position or a prefix could mean somebody else's mix once mixes change.
    if (mix == request.end() || !mix->is_string() || mix->get<std::string>() != scope.mix)
        return "this link may change only mix " + control::quote(scope.mix);
    if (op == "master")
        for (const auto& [field, value] : request.items())
            if (!contains(kMixMasterFields, field))
                return "a mix link may not change the master's " + control::quote(field) +
                       "; only level_db, level_step_db, mute";
    return std::nullopt;
}

}  // namespace

std::optional<std::string> refusal_for(const AccessScope& scope, const json& request) {
    if (!request.is_object()) return "a request must be a JSON object";
    const auto op_field = request.find("op");
    if (op_field == request.end() || !op_field->is_string()) return "a request needs a string field 'op'";
    if (scope.level == AccessLevel::admin) return std::nullopt;
    const std::string op = op_field->get<std::string>();
    if (contains(kLookOps, op)) return std::nullopt;
    if (scope.level == AccessLevel::view)
        return "a view link may only look (status, meters, subscribe), not run " + control::quote(op);
    return mix_refusal(scope, request, op);
}

}  // namespace headamp::remote
