// Name matching (see name_match.hpp).
#include "control/name_match.hpp"

#include <algorithm>
#include <cctype>

#include "control/request.hpp"
#include "util/text.hpp"

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
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == query) return i;
    if (!query.empty() && query.size() <= 4 && std::all_of(query.begin(), query.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) {
        const std::size_t n = std::stoul(query);
        if (n >= 1 && n <= names.size()) return n - 1;
        throw RequestError(std::string("there is no ") + what + " number " + query + "; valid: " + listing(names));
    }
    const std::string q = lowercase(query);
    for (std::size_t i = 0; i < names.size(); ++i)
        if (lowercase(names[i]) == q) return i;
    std::vector<std::size_t> hits;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (!q.empty() && lowercase(names[i]).rfind(q, 0) == 0) hits.push_back(i);
    if (hits.size() == 1) return hits[0];
    if (hits.size() > 1) {
        std::string which;
        for (std::size_t i : hits) which += (which.empty() ? "" : ", ") + names[i];
        throw RequestError(std::string(what) + " " + quote(query) + " is ambiguous: it could be " + which);
    }
    throw RequestError(std::string("there is no ") + what + " " + quote(query) + "; valid: " + listing(names));
}

}  // namespace headamp::control
