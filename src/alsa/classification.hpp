// What a control is for, decided from its name by one table of patterns (classification.cpp).
#pragma once

#include <span>
#include <string_view>

namespace headamp::alsa {

enum class Category {
    Output,         // headphone / line / master output level or mute
    DirectMonitor,  // the hardware's own input-to-output monitor path (docs/ARCHITECTURE.md, stereo rule 4)
    InputGain,      // preamp gain or capture level
    Unsafe,         // phantom power, pad, air: never written by restore
    Other,
};

std::string_view category_name(Category c);

struct ClassificationRule {
    Category category;
    const char* pattern;  // ECMAScript regex, case-insensitive
    const char* example;  // a real control name this row exists for (the tests check it)
};

// The table itself, in match order, for tests and for `headamp` to explain a classification.
std::span<const ClassificationRule> classification_rules();
bool rule_matches(const ClassificationRule& rule, std::string_view control_name);

// First matching pattern of the table wins; unsafe patterns come first so that e.g.
// "Mic Phantom Power Capture Switch" is never taken for an input gain.
Category classify(std::string_view control_name);

}  // namespace headamp::alsa
