// Hardware-first gain staging: the split always adds up, and the hardware does what it can.
#include <gtest/gtest.h>

#include <alsa/asoundlib.h>

#include "alsa/gain_staging.hpp"
#include "core/graph.hpp"

using namespace headamp::alsa;

namespace {

std::vector<DbScale> hardware_scales() {
    return {
        *DbScale::from_tlv({SND_CTL_TLVT_DB_MINMAX, 8, static_cast<unsigned>(-12800), 0}, 0, 128),  // 1 dB steps
        *DbScale::from_tlv({SND_CTL_TLVT_DB_SCALE, 8, static_cast<unsigned>(-6350), 50 | 0x10000u}, 0, 127),  // mute
        *DbScale::from_tlv({SND_CTL_TLVT_DB_SCALE, 8, static_cast<unsigned>(-3000), 300}, 0, 10),  // 3 dB steps
        *DbScale::from_tlv({SND_CTL_TLVT_DB_LINEAR, 8, static_cast<unsigned>(-6000), 0}, 0, 100),
        *DbScale::from_tlv({SND_CTL_TLVT_DB_MINMAX, 8, static_cast<unsigned>(-10000), 600}, 0, 32767),  // UAC2, fine
    };
}

}  // namespace

TEST(GainStaging, SweepAddsUpWithinATenthOfADb) {
    for (const DbScale& hw : hardware_scales()) {
        for (double master = -119.0; master <= 12.0; master += 0.1) {
            SCOPED_TRACE(master);
            const StagedGain g = stage_master_gain(master, hw);
            EXPECT_NEAR(g.hw_db + g.sw_db, master, 0.1);
            EXPECT_EQ(hw.to_db(g.hw_raw), g.hw_db);
            EXPECT_GE(g.hw_raw, hw.lowest_audible_raw());
            EXPECT_LE(g.hw_raw, hw.raw_max());
        }
    }
}

TEST(GainStaging, HardwareTakesWhatItCan) {
    for (const DbScale& hw : hardware_scales()) {
        for (double master = -119.0; master <= 12.0; master += 0.25) {
            SCOPED_TRACE(master);
            const StagedGain g = stage_master_gain(master, hw);
            if (master >= hw.max_db()) {
                EXPECT_EQ(g.hw_raw, hw.raw_max());  // above the hardware: software boosts the rest
                EXPECT_GE(g.sw_db, 0.0);
            } else if (master <= hw.min_db()) {
                EXPECT_EQ(g.hw_raw, hw.lowest_audible_raw());  // below it: software attenuates the rest
                EXPECT_LE(g.sw_db, 0.0);
            } else {
                // Inside: software only trims less than one hardware step, and never boosts.
                EXPECT_LE(g.sw_db, 1e-9);
                EXPECT_LT(hw.to_db(g.hw_raw - 1), master + 1e-9);
            }
        }
    }
}

TEST(GainStaging, SilenceMutesHardwareWhenItCan) {
    const std::vector<DbScale> scales = hardware_scales();
    const StagedGain muted = stage_master_gain(headamp::core::kSilenceDb, scales[1]);
    EXPECT_EQ(muted.hw_raw, 0);
    EXPECT_EQ(muted.hw_db, kMuteDb);
    EXPECT_LE(muted.sw_db, headamp::core::kSilenceDb);
    const StagedGain lowest = stage_master_gain(-200.0, scales[0]);
    EXPECT_EQ(lowest.hw_raw, 0);
    EXPECT_LE(lowest.sw_db, headamp::core::kSilenceDb);
}
