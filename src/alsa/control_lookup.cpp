// Finding a card's control by name (see control_lookup.hpp).
#include "alsa/control_lookup.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include "util/name_match.hpp"
#include "util/text.hpp"

namespace headamp::alsa {

namespace {

std::string listing(const std::vector<const ControlInfo*>& controls) {
    std::string out;
    for (const ControlInfo* c : controls)
        out += (out.empty() ? "" : "; ") + c->id.name + "," + std::to_string(c->id.index);
    return out;
}

ControlLookup refused(std::string error) { return {nullptr, std::move(error)}; }

}  // namespace

ControlLookup find_control(const std::vector<ControlInfo>& controls, std::string_view name) {
    const std::string quoted = "'" + std::string(name) + "'";
    std::string_view wanted = name;
    unsigned index = 0;
    bool index_given = false;
    if (const auto comma = name.rfind(','); comma != std::string_view::npos && comma + 1 < name.size() &&
                                            std::all_of(name.begin() + static_cast<long>(comma) + 1, name.end(),
                                                        [](unsigned char c) { return std::isdigit(c) != 0; })) {
        wanted = name.substr(0, comma);
        const std::string_view digits = name.substr(comma + 1);
        const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
        if (error != std::errc() || end != digits.data() + digits.size())
            return refused("control index " + std::string(digits) + " is out of range (0.." +
                           std::to_string(std::numeric_limits<unsigned>::max()) + ")");
        index_given = true;
    }
    std::vector<const ControlInfo*> at_index, elsewhere;
    std::vector<Nameable> names;
    for (const ControlInfo& c : controls) {
        if (c.id.index == index) {
            at_index.push_back(&c);
            names.push_back({{c.id.name}, {}});
        } else if (lowercase(c.id.name) == lowercase(wanted)) {
            elsewhere.push_back(&c);
        }
    }
    const NameMatch m = match_name(names, wanted);
    if (m.found) return {at_index[*m.found], {}};
    if (m.ambiguous()) {
        std::vector<const ControlInfo*> candidates;
        for (std::size_t i : m.candidates) candidates.push_back(at_index[i]);
        return refused("control " + quoted + " is ambiguous: it could be " + listing(candidates));
    }
    if (!index_given && !elsewhere.empty())
        return refused("there is no control " + quoted + " at index 0; give the index: " + listing(elsewhere));
    return refused("there is no control " + quoted + "; 'headamp controls DEVICE' lists them");
}

}  // namespace headamp::alsa
