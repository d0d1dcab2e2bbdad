// Decibel <-> linear gain conversions for the control side (never called per sample).
#pragma once

#include <cmath>

#include "core/graph.hpp"

namespace headamp::core {

// A level at or below kSilenceDb is exact silence, so a fader at the bottom really is off.
inline double db_to_gain(double db) { return db <= kSilenceDb ? 0.0 : std::pow(10.0, db / 20.0); }

inline double gain_to_db(double gain) {
    return gain <= 0.0 ? -std::numeric_limits<double>::infinity() : 20.0 * std::log10(gain);
}

}  // namespace headamp::core
