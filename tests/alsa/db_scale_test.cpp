// dB <-> raw for the TLV kinds USB devices publish, with the rounding direction checked at every step.
#include <gtest/gtest.h>

#include <alsa/asoundlib.h>

#include <cmath>

#include "alsa/db_scale.hpp"

using namespace headamp::alsa;

namespace {

DbScale minmax(long min_cdb, long max_cdb, long raw_min, long raw_max) {
    return *DbScale::from_tlv(
        {SND_CTL_TLVT_DB_MINMAX, 8, static_cast<unsigned>(min_cdb), static_cast<unsigned>(max_cdb)}, raw_min, raw_max);
}

DbScale scale(long min_cdb, unsigned step_cdb, bool mute, long raw_min, long raw_max) {
    return *DbScale::from_tlv(
        {SND_CTL_TLVT_DB_SCALE, 8, static_cast<unsigned>(min_cdb), step_cdb | (mute ? 0x10000u : 0u)}, raw_min,
        raw_max);
}

}  // namespace

TEST(DbScale, MinMaxEndpointsAndSteps) {
    const DbScale s = minmax(-12800, 0, 0, 128);  // USB Audio CODEC PCM Playback Volume: 1 dB per step
    EXPECT_DOUBLE_EQ(s.to_db(0), -128.0);
    EXPECT_DOUBLE_EQ(s.to_db(128), 0.0);
    EXPECT_DOUBLE_EQ(s.to_db(100), -28.0);
    EXPECT_FALSE(s.has_mute());
    EXPECT_EQ(s.from_db(-28.0, Rounding::Down), 100);
    EXPECT_EQ(s.from_db(-28.0, Rounding::Up), 100);
}

TEST(DbScale, DownNeverAboveUpNeverBelowNearestClosest) {
    const DbScale s = scale(-6350, 50, true, 0, 127);  // 0.5 dB steps, raw 0 = mute
    for (double db = -63.0; db <= 0.0; db += 0.07) {   // from the lowest audible step (-63.5 is mute)
        SCOPED_TRACE(db);
        const long down = s.from_db(db, Rounding::Down);
        const long up = s.from_db(db, Rounding::Up);
        const long near = s.from_db(db, Rounding::Nearest);
        EXPECT_LE(s.to_db(down), db + 1e-9);
        EXPECT_GE(s.to_db(up), db - 1e-9);
        EXPECT_LE(up - down, 1);
        EXPECT_LE(std::abs(s.to_db(near) - db), 0.25 + 1e-9);
    }
}

TEST(DbScale, MuteAtMinimum) {
    const DbScale s = scale(-6350, 50, true, 0, 127);
    EXPECT_TRUE(s.has_mute());
    EXPECT_EQ(s.to_db(0), kMuteDb);
    EXPECT_EQ(s.lowest_audible_raw(), 1);
    EXPECT_DOUBLE_EQ(s.min_db(), -63.0);
    EXPECT_EQ(s.from_db(-100.0, Rounding::Down), 0);  // below the lowest step: mute, never louder
    EXPECT_EQ(s.from_db(-100.0, Rounding::Up), 1);
    EXPECT_EQ(s.from_db(+6.0, Rounding::Down), 127);
}

TEST(DbScale, LinearScaleRoundsInTheRightDirection) {
    const DbScale s = *DbScale::from_tlv({SND_CTL_TLVT_DB_LINEAR, 8, static_cast<unsigned>(-6000), 0}, 0, 100);
    for (double db = -59.0; db <= 0.0; db += 0.37) {
        SCOPED_TRACE(db);
        EXPECT_LE(s.to_db(s.from_db(db, Rounding::Down)), db + 1e-9);
        EXPECT_GE(s.to_db(s.from_db(db, Rounding::Up)), db - 1e-9);
    }
}

TEST(DbScale, RoundTripOfEveryRawValue) {
    const DbScale s = minmax(-12700, 0, 0, 127);
    for (long raw = 0; raw <= 127; ++raw) {
        EXPECT_EQ(s.from_db(s.to_db(raw), Rounding::Down), raw);
        EXPECT_EQ(s.from_db(s.to_db(raw), Rounding::Up), raw);
        EXPECT_EQ(s.from_db(s.to_db(raw), Rounding::Nearest), raw);
    }
}

TEST(DbScale, NonDbTlvIsRefused) {
    EXPECT_FALSE(DbScale::from_tlv({SND_CTL_TLVT_CHMAP_FIXED, 8, 3, 4}, 0, 36));
    EXPECT_FALSE(DbScale::from_tlv({}, 0, 100));
    EXPECT_FALSE(DbScale::from_tlv({SND_CTL_TLVT_DB_MINMAX, 8, 0, 100}, 5, 5));
}

TEST(Percent, NoDbControlsUsePercentWithRounding) {
    EXPECT_DOUBLE_EQ(raw_to_percent(0, 0, 151), 0.0);
    EXPECT_DOUBLE_EQ(raw_to_percent(151, 0, 151), 100.0);
    EXPECT_EQ(percent_to_raw(50.0, 0, 151, Rounding::Down), 75);
    EXPECT_EQ(percent_to_raw(50.0, 0, 151, Rounding::Up), 76);
    EXPECT_EQ(percent_to_raw(50.0, 0, 151, Rounding::Nearest), 76);  // 75.5 rounds half away from zero
    EXPECT_EQ(percent_to_raw(150.0, 0, 151, Rounding::Down), 151);
    EXPECT_EQ(percent_to_raw(-5.0, 0, 151, Rounding::Up), 0);
    for (double p = 0; p <= 100.0; p += 0.3) {
        EXPECT_LE(raw_to_percent(percent_to_raw(p, 0, 35, Rounding::Down), 0, 35), p + 1e-9);
        EXPECT_GE(raw_to_percent(percent_to_raw(p, 0, 35, Rounding::Up), 0, 35), p - 1e-9);
    }
}
