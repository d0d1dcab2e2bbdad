// RBJ EQ bands: designed magnitude at the set frequency, and the filter really doing it on a sine.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "core/biquad.hpp"
#include "engine_fixture.hpp"

using namespace headamp::core;
using headamp::test::kRate;

TEST(Biquad, PeakingGainAtCentreFrequencyMatchesTheSetting) {
    for (double f : {60.0, 1000.0, 12000.0})
        for (double g : {-12.0, -3.0, 3.0, 12.0})
            EXPECT_NEAR(magnitude_db(design_peaking(kRate, f, g, 1.0), kRate, f), g, 0.1) << f << " Hz " << g << " dB";
}

TEST(Biquad, ShelvesReachTheirGainFarFromTheCorner) {
    EXPECT_NEAR(magnitude_db(design_low_shelf(kRate, 200, 6, 0.707), kRate, 20), 6.0, 0.1);
    EXPECT_NEAR(magnitude_db(design_low_shelf(kRate, 200, 6, 0.707), kRate, 10000), 0.0, 0.1);
    EXPECT_NEAR(magnitude_db(design_high_shelf(kRate, 4000, -9, 0.707), kRate, 20000), -9.0, 0.15);
    EXPECT_NEAR(magnitude_db(design_high_shelf(kRate, 4000, -9, 0.707), kRate, 50), 0.0, 0.1);
    // Shelves are at half their gain (in dB) at the corner frequency.
    EXPECT_NEAR(magnitude_db(design_low_shelf(kRate, 200, 6, 0.707), kRate, 200), 3.0, 0.1);
}

TEST(Biquad, FlatBandsAreTransparent) {
    for (double f : {20.0, 1000.0, 20000.0}) {
        EXPECT_NEAR(magnitude_db(design_peaking(kRate, 1000, 0, 1), kRate, f), 0.0, 1e-4);
        EXPECT_NEAR(magnitude_db(design_low_shelf(kRate, 100, 0, 0.707), kRate, f), 0.0, 1e-4);
    }
}

TEST(Biquad, FilteringASineGivesTheDesignedGain) {
    const auto c = design_peaking(kRate, 1000, 6.0, 1.0);
    Biquad bq;
    double peak = 0.0;
    for (int i = 0; i < 48000; ++i) {
        const float x = static_cast<float>(std::sin(2 * std::numbers::pi * 1000 * i / kRate));
        const float y = bq.process(c, x);
        if (i > 24000) peak = std::max(peak, std::fabs(double(y)));
    }
    EXPECT_NEAR(headamp::test::to_db(peak), 6.0, 0.1);
}

TEST(Biquad, FrequenciesAboveNyquistStayStable) {
    const auto c = design_high_shelf(44100, 30000, 6, 0.707);
    Biquad bq;
    float y = 0;
    for (int i = 0; i < 10000; ++i) y = bq.process(c, (i % 2) ? 1.0f : -1.0f);
    EXPECT_TRUE(std::isfinite(y));
    EXPECT_LT(std::fabs(y), 4.0f);
}
