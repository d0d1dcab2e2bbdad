// The name-matching rule (see name_match.hpp).
#include "util/name_match.hpp"

#include <algorithm>
#include <cctype>

#include "util/text.hpp"

namespace headamp {

namespace {

// Lowercase, and every run of digits without its leading zeros ("HW:01" -> "hw:1").
std::string canonical_number(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        if (std::isdigit(static_cast<unsigned char>(s[i])) == 0) {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(s[i++])));
            continue;
        }
        std::size_t end = i;
        while (end < s.size() && std::isdigit(static_cast<unsigned char>(s[end])) != 0) ++end;
        std::size_t first = i;
        while (first + 1 < end && s[first] == '0') ++first;
        out.append(s.substr(first, end - first));
        i = end;
    }
    return out;
}

NameMatch decide(std::vector<std::size_t> hits) {
    NameMatch m;
    if (hits.size() == 1)
        m.found = hits.front();
    else
        m.candidates = std::move(hits);
    return m;
}

}  // namespace

NameMatch match_name(const std::vector<Nameable>& things, std::string_view query) {
    if (query.empty()) return {};
    const std::string q = lowercase(query);
    std::vector<std::size_t> exact, letter_for_letter, number, prefix;
    for (std::size_t i = 0; i < things.size(); ++i) {
        const std::vector<std::string>& names = things[i].names;
        if (std::any_of(names.begin(), names.end(), [&](const std::string& n) { return lowercase(n) == q; })) {
            exact.push_back(i);
            if (std::find(names.begin(), names.end(), query) != names.end()) letter_for_letter.push_back(i);
        }
        if (std::any_of(names.begin(), names.end(), [&](const std::string& n) { return lowercase(n).starts_with(q); }))
            prefix.push_back(i);
    }
    if (!exact.empty()) return decide(letter_for_letter.size() == 1 && exact.size() > 1 ? letter_for_letter : exact);
    const std::string qn = canonical_number(query);
    for (std::size_t i = 0; i < things.size(); ++i) {
        const std::vector<std::string>& numbers = things[i].numbers;
        if (std::any_of(numbers.begin(), numbers.end(),
                        [&](const std::string& n) { return canonical_number(n) == qn; }))
            number.push_back(i);
    }
    if (!number.empty()) return decide(std::move(number));
    return decide(std::move(prefix));
}

NameMatch match_name_or_position(const std::vector<std::string>& names, std::string_view query) {
    std::vector<Nameable> things;
    things.reserve(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) things.push_back({{names[i]}, {std::to_string(i + 1)}});
    return match_name(things, query);
}

}  // namespace headamp
