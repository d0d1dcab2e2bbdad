// Pan laws and balance against their closed forms.
#include <gtest/gtest.h>

#include "core/pan_law.hpp"
#include "engine_fixture.hpp"

using namespace headamp::core;
using headamp::test::to_db;

TEST(PanLaw, CentreLevelsOfTheThreeLaws) {
    EXPECT_NEAR(to_db(pan_gains(PanLaw::ConstantPower, 0).left), -3.0103, 0.001);
    EXPECT_NEAR(to_db(pan_gains(PanLaw::ConstantPower, 0).right), -3.0103, 0.001);
    EXPECT_NEAR(to_db(pan_gains(PanLaw::Linear, 0).left), -6.0206, 0.001);
    EXPECT_NEAR(to_db(pan_gains(PanLaw::Linear, 0).right), -6.0206, 0.001);
    EXPECT_DOUBLE_EQ(pan_gains(PanLaw::ZeroDb, 0).left, 1.0);
    EXPECT_DOUBLE_EQ(pan_gains(PanLaw::ZeroDb, 0).right, 1.0);
}

TEST(PanLaw, HardPansAreExactlySilentOnTheOtherSide) {
    for (PanLaw law : {PanLaw::ConstantPower, PanLaw::Linear, PanLaw::ZeroDb}) {
        EXPECT_EQ(pan_gains(law, -1).right, 0.0) << to_string(law);
        EXPECT_DOUBLE_EQ(pan_gains(law, -1).left, 1.0) << to_string(law);
        EXPECT_EQ(pan_gains(law, 1).left, 0.0) << to_string(law);
        EXPECT_DOUBLE_EQ(pan_gains(law, 1).right, 1.0) << to_string(law);
    }
}

TEST(PanLaw, ConstantPowerKeepsPowerEverywhere) {
    for (double p = -1.0; p <= 1.0; p += 0.05) {
        const auto g = pan_gains(PanLaw::ConstantPower, p);
        EXPECT_NEAR(g.left * g.left + g.right * g.right, 1.0, 1e-12) << p;
    }
}

TEST(PanLaw, OutOfRangePositionsAreClamped) {
    EXPECT_EQ(pan_gains(PanLaw::ConstantPower, -7).right, 0.0);
    EXPECT_EQ(pan_gains(PanLaw::Linear, 3).left, 0.0);
}

TEST(Balance, CentreIsUnityAndOneSideTurnsDown) {
    EXPECT_DOUBLE_EQ(balance_gains(0).left, 1.0);
    EXPECT_DOUBLE_EQ(balance_gains(0).right, 1.0);
    EXPECT_DOUBLE_EQ(balance_gains(0.5).left, 0.5);
    EXPECT_DOUBLE_EQ(balance_gains(0.5).right, 1.0);
    EXPECT_DOUBLE_EQ(balance_gains(-1).right, 0.0);
}
