// Finds a source or mix the way a user names it: exact name, number (1-based), case-insensitive name,
// or unique case-insensitive prefix.
#pragma once

#include <string>
#include <vector>

namespace headamp::control {

// Returns the index into `names`; throws RequestError saying what would be valid. `what` is "mix" or
// "source".
std::size_t match_name(const std::vector<std::string>& names, const std::string& query, const char* what);

}  // namespace headamp::control
