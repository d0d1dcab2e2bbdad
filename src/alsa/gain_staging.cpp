// Hardware-first gain staging as a pure function.
#include "alsa/gain_staging.hpp"

#include "core/graph.hpp"

namespace headamp::alsa {

StagedGain stage_master_gain(double master_db, const DbScale& hw) {
    StagedGain g;
    if (master_db <= core::kSilenceDb) {
        g.hw_raw = hw.has_mute() ? hw.raw_min() : hw.lowest_audible_raw();
        g.hw_db = hw.to_db(g.hw_raw);
        g.sw_db = core::kSilenceDb;
        return g;
    }
    if (master_db >= hw.max_db()) {
        g.hw_raw = hw.raw_max();
    } else if (master_db <= hw.min_db()) {
        g.hw_raw = hw.lowest_audible_raw();
    } else {
        g.hw_raw = hw.from_db(master_db, Rounding::Up);
    }
    g.hw_db = hw.to_db(g.hw_raw);
    g.sw_db = master_db - g.hw_db;
    return g;
}

}  // namespace headamp::alsa
