// The return ring: a period read back whole when it was written whole, silence (nullptr) otherwise:
// not yet written, written over by a writer kBlocks periods ahead, or longer than the ring's capacity.
#include <gtest/gtest.h>

#include <vector>

#include "core/return_ring.hpp"

using headamp::core::ReturnRing;

namespace {

std::vector<float> period(uint32_t frame, std::size_t n) {
    std::vector<float> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<float>(frame + i) * 0.25f;
    return x;
}

}  // namespace

TEST(ReturnRing, APeriodWrittenIsReadBackExactlyAndAPeriodNotWrittenIsSilence) {
    ReturnRing ring(256);
    EXPECT_EQ(ring.read(0, 64), nullptr) << "nothing written yet";
    const std::vector<float> a = period(6400, 64);
    ring.write(6400, a.data(), 64);
    const float* got = ring.read(6400, 64);
    ASSERT_NE(got, nullptr);
    EXPECT_EQ(std::vector<float>(got, got + 64), a);
    EXPECT_EQ(ring.read(6464, 64), nullptr) << "the next period was not written";
    EXPECT_EQ(ring.read(6400, 32), nullptr) << "another period length is another period";
}

TEST(ReturnRing, TheReaderOnePeriodBehindGetsEveryPeriodAcrossTheFrameCounterWrapping) {
    ReturnRing ring(64);
    uint32_t frame = 0xFFFFFFFFu - 10 * 64 + 6;  // wraps within the run, not on a multiple of 64
    std::vector<float> last = period(frame, 64);
    ring.write(frame, last.data(), 64);
    int whole = 0;
    for (int cycle = 0; cycle < 40; ++cycle) {
        const uint32_t next = frame + 64;
        const std::vector<float> now = period(next, 64);
        ring.write(next, now.data(), 64);
        const float* got = ring.read(frame, 64);
        if (got && std::vector<float>(got, got + 64) == last) ++whole;
        frame = next;
        last = now;
    }
    // (frame / n) jumps where the counter wraps: two blocks may be the same one there, and the one
    // period that lands on its successor's block is silence rather than the wrong period.
    EXPECT_GE(whole, 39);
}

TEST(ReturnRing, APeriodWrittenOverByAWriterFarAheadIsSilenceNotTheNewerPeriod) {
    ReturnRing ring(64);
    for (uint32_t k = 0; k <= ReturnRing::kBlocks; ++k) {
        const std::vector<float> x = period(k * 64, 64);
        ring.write(k * 64, x.data(), 64);
    }
    EXPECT_EQ(ring.read(0, 64), nullptr) << "block 0 now holds period kBlocks";
    EXPECT_NE(ring.read(64, 64), nullptr);
}

TEST(ReturnRing, APeriodLongerThanTheCapacityIsNeitherKeptNorRead) {
    ReturnRing ring(32);
    const std::vector<float> x = period(0, 64);
    ring.write(0, x.data(), 64);
    EXPECT_EQ(ring.read(0, 64), nullptr);
    ring.write(0, nullptr, 16);
    EXPECT_EQ(ring.read(0, 16), nullptr);
}
