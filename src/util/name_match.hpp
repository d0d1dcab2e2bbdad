// The one rule for finding what a user names (a mix, a source, a device, a card's control): exact
// before prefix, case-insensitively, a number only in full, and several equally good answers are
// refused rather than guessed.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace headamp {

// One thing a user may name. `names` ("mix1", "Scarlett Solo USB", "Input Gain Capture Volume") match
// in full or by a prefix; `numbers` (a position "2", a card number "1", "hw:1") only in full, so that
// "1" never means card 10 and "hw:1" never hw:10. Leading zeros in a number do not count ("01" is "1").
struct Nameable {
    std::vector<std::string> names;
    std::vector<std::string> numbers;
};

// What a query matched: `found` when one thing is the answer; otherwise `candidates` lists the things
// that fit equally well (in their order), empty when nothing fits.
struct NameMatch {
    std::optional<std::size_t> found;
    std::vector<std::size_t> candidates;
    bool ambiguous() const { return !found && !candidates.empty(); }
};

// The rule, in this order, all ignoring ASCII case; the first step with an answer decides:
//   1. a name equal to the query (among several, the one equal letter for letter, if only one is);
//   2. a number equal to the query;
//   3. a name that starts with the query.
// Within a step, one thing is found and several are ambiguous. An empty query matches nothing.
NameMatch match_name(const std::vector<Nameable>& things, std::string_view query);

// The same for things that have one name each and are numbered 1, 2, ... in their order.
NameMatch match_name_or_position(const std::vector<std::string>& names, std::string_view query);

}  // namespace headamp
