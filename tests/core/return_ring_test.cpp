// The return ring: a period read back whole when it was written whole, silence (nullptr) otherwise:
// not yet written, written over by a writer kBlocks periods ahead, or longer than the ring's capacity.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <thread>
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
        if (const float* got = ring.read(frame, 64)) {
            EXPECT_EQ(std::vector<float>(got, got + 64), last) << "cycle " << cycle << ": another period";
            ++whole;
        }
        frame = next;
        last = now;
    }
    // (frame / n) jumps where the counter wraps: two periods may share a block there, and the one
    // written over is silence, never another period.
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
    const std::vector<float> kept = period(0, 16);
    ring.write(0, kept.data(), 16);
    const std::vector<float> longer = period(0, 64);
    ring.write(0, longer.data(), 64);  // block 0 too, were it kept
    ring.write(0, nullptr, 16);
    EXPECT_EQ(ring.read(0, 64), nullptr);
    const float* got = ring.read(0, 16);
    ASSERT_NE(got, nullptr) << "a refused write touched the block";
    EXPECT_EQ(std::vector<float>(got, got + 16), kept);
}

// A writer and a reader on two threads, as the tap and the main client are: every read is the period
// asked for, exactly, or silence; never a torn or a newer one.
TEST(ReturnRing, AReaderOnAnotherThreadGetsWholePeriodsOrSilence) {
    constexpr std::size_t n = 64;
    constexpr uint32_t kPeriods = 200000;
    ReturnRing ring(n);
    std::atomic<uint32_t> written{0};  // periods written so far
    std::thread writer([&] {
        std::vector<float> x(n);
        for (uint32_t p = 0; p < kPeriods; ++p) {
            for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<float>(p) + static_cast<float>(i) / 128.0f;
            ring.write(p * n, x.data(), n);
            written.store(p + 1, std::memory_order_release);
        }
    });
    std::size_t whole = 0, silent = 0, wrong = 0;
    while (written.load(std::memory_order_acquire) < kPeriods) {
        const uint32_t w = written.load(std::memory_order_acquire);
        if (w < 2) continue;
        const uint32_t p = w - 2;  // the period before the newest
        const float* got = ring.read(p * static_cast<uint32_t>(n), n);
        if (!got) {
            ++silent;
            continue;
        }
        bool exact = true;
        for (std::size_t i = 0; i < n; ++i)
            exact = exact && got[i] == static_cast<float>(p) + static_cast<float>(i) / 128.0f;
        ++(exact ? whole : wrong);
    }
    writer.join();
    std::printf("reads: %zu whole, %zu silent, %zu wrong\n", whole, silent, wrong);
    EXPECT_EQ(wrong, 0u);
    EXPECT_GT(whole, 0u);
}
