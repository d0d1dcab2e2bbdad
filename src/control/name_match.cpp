// Name matching for mixes and sources (see name_match.hpp): util/name_match.hpp's rule, said as a
// RequestError.
#include "control/name_match.hpp"

#include <algorithm>
#include <cctype>

#include "control/request.hpp"
#include "util/name_match.hpp"

namespace headamp::control {

namespace {
std::string listing(const std::vector<std::string>& names) {
    if (names.empty()) return "there are none";
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
    return out + " (or 1.." + std::to_string(names.size()) + ")";
}
}  // namespace

std::size_t match_name(const std::vector<std::string>& names, const std::string& query, const char* what) {
    const NameMatch m = match_name_or_position(names, query);
    if (m.found) return *m.found;
    if (m.ambiguous()) {
        std::string which;
        for (std::size_t i : m.candidates) which += (which.empty() ? "" : ", ") + names[i];
        throw RequestError(std::string(what) + " " + quote(query) + " is ambiguous: it could be " + which);
    }
    const bool number = !query.empty() && query.size() <= 40 &&
                        std::all_of(query.begin(), query.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
    throw RequestError(std::string("there is no ") + what + (number ? " number " + query : " " + quote(query)) +
                       "; valid: " + listing(names));
}

}  // namespace headamp::control
