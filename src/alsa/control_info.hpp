// What headamp knows about one ALSA control of a card: identity, kind, ranges, dB scale, category.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "alsa/classification.hpp"
#include "alsa/db_scale.hpp"

namespace headamp::alsa {

enum class Kind {
    Volume,       // INTEGER (and INTEGER64 narrowed to long)
    Switch,       // BOOLEAN
    Enumeration,  // ENUMERATED
    Other,        // BYTES, IEC958: listed, never written
};

// A control as alsamixer and amixer name it: name plus index (several "Mic Capture Volume" differ by index).
struct ControlId {
    std::string name;
    unsigned index = 0;
    bool operator==(const ControlId&) const = default;
};

struct ControlInfo {
    ControlId id;
    Kind kind = Kind::Other;
    Category category = Category::Other;
    unsigned channels = 0;
    long raw_min = 0;
    long raw_max = 0;
    long raw_step = 0;
    bool readable = false;
    bool writable = false;
    std::optional<DbScale> db;       // volumes with a dB description; nothing = percent only
    std::vector<std::string> items;  // enumeration item names
};

// Raw per-channel values: volumes as raw integers, switches 0/1, enumerations item indices.
using ControlValues = std::vector<long>;

std::string_view kind_name(Kind k);

}  // namespace headamp::alsa
