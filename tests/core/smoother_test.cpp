// The linear gain ramp: reaches its target within the ramp time, never overshoots, restarts smoothly.
#include <gtest/gtest.h>

#include "core/smoother.hpp"

using headamp::core::LinearSmoother;

TEST(LinearSmoother, ReachesTargetExactlyAtTheEndOfTheRamp) {
    LinearSmoother s;
    s.reset(0.0f);
    s.set_target(1.0f, 480);
    float v = 0.0f;
    for (int i = 0; i < 479; ++i) {
        v = s.next();
        ASSERT_LT(v, 1.0f) << "at sample " << i;
    }
    EXPECT_EQ(s.next(), 1.0f);
    EXPECT_FALSE(s.ramping());
}

TEST(LinearSmoother, IsMonotonicAndNeverOvershootsInEitherDirection) {
    for (auto [from, to] : {std::pair{0.0f, 1.0f}, {1.0f, 0.0f}, {0.3f, 15.85f}, {-1.0f, 1.0f}, {0.5f, 0.5000001f}}) {
        LinearSmoother s;
        s.reset(from);
        s.set_target(to, 4801);
        float prev = from;
        while (s.ramping()) {
            const float v = s.next();
            if (to > from) {
                ASSERT_GE(v, prev);
                ASSERT_LE(v, to);
            } else {
                ASSERT_LE(v, prev);
                ASSERT_GE(v, to);
            }
            prev = v;
        }
        EXPECT_EQ(prev, to);
    }
}

TEST(LinearSmoother, NewTargetMidRampRestartsFromTheCurrentValue) {
    LinearSmoother s;
    s.reset(0.0f);
    s.set_target(1.0f, 100);
    for (int i = 0; i < 50; ++i) s.next();
    const float mid = s.value();
    EXPECT_NEAR(mid, 0.5f, 1e-6);
    s.set_target(0.0f, 100);
    EXPECT_NEAR(s.value(), mid, 1e-6) << "a new target must not jump";
    EXPECT_NEAR(s.next(), mid - mid / 100.0f, 1e-6);
    for (int i = 0; i < 99; ++i) s.next();
    EXPECT_EQ(s.value(), 0.0f);
}

TEST(LinearSmoother, SkipAdvancesLikeNext) {
    LinearSmoother a, b;
    a.reset(0.0f);
    b.reset(0.0f);
    a.set_target(2.0f, 300);
    b.set_target(2.0f, 300);
    for (int i = 0; i < 128; ++i) a.next();
    b.skip(128);
    EXPECT_EQ(a.value(), b.value());
    b.skip(1000);
    EXPECT_EQ(b.value(), 2.0f);
}
