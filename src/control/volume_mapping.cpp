// dB <-> fader position (see volume_mapping.hpp for the law and why).
#include "control/volume_mapping.hpp"

#include <algorithm>
#include <cmath>

#include "core/graph.hpp"

namespace headamp::control {

namespace {
double bottom(double max_db) { return std::pow(10.0, (core::kFaderFloorDb - max_db) / 60.0); }
}  // namespace

double position_to_db(double position, double max_db) {
    if (position <= 0.0) return core::kSilenceDb;
    position = std::min(position, 1.0);
    const double b = bottom(max_db);
    return max_db + 60.0 * std::log10(position * (1.0 - b) + b);
}

double db_to_position(double db, double max_db) {
    if (db < core::kFaderFloorDb) return 0.0;
    const double b = bottom(max_db);
    return std::clamp((std::pow(10.0, (std::min(db, max_db) - max_db) / 60.0) - b) / (1.0 - b), 0.0, 1.0);
}

}  // namespace headamp::control
