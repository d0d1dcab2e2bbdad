// Finds a source or mix the way a user names it: util/name_match.hpp's rule (name, then number
// 1.., then unique prefix; case-insensitive), with the refusal said as a RequestError.
#pragma once

#include <string>
#include <vector>

namespace headamp::control {

// Returns the index into `names`; throws RequestError saying what would be valid. `what` is "mix" or
// "source".
std::size_t match_name(const std::vector<std::string>& names, const std::string& query, const char* what);

}  // namespace headamp::control
