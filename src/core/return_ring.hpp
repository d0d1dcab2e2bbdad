// A return ring: one channel's periods handed from one real-time thread to another, read a period
// after they were written, so that neither thread ever waits for the other (a station's return
// channel, written by its return tap and read by headamp's main client; see jack/return_tap.hpp).
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace headamp::core {

class ReturnRing {
public:
    // Periods kept: the writer may run up to this many periods ahead of the reader.
    static constexpr std::size_t kBlocks = 4;

    // Allocates here and nowhere else. capacity: the longest period it carries, in frames.
    explicit ReturnRing(std::size_t capacity);
    ReturnRing(const ReturnRing&) = delete;
    ReturnRing& operator=(const ReturnRing&) = delete;

    // Writer thread: the n samples of the period that began at `frame` (the server's frame time).
    // A period longer than the capacity is not kept.
    void write(uint32_t frame, const float* samples, std::size_t n) noexcept;

    // Reader thread: the n samples of the period that began at `frame`, or nullptr (silence) when
    // that period was not written whole: the writer was late (a stalled station), or it has already
    // written over it. The samples stay valid until the next read().
    const float* read(uint32_t frame, std::size_t n) noexcept;

private:
    struct Block {
        // Which period the block holds, (n << 32 | frame); 0 while it is written or never was.
        std::atomic<uint64_t> stamp{0};
        std::vector<float> samples;
    };
    static uint64_t stamp_of(uint32_t frame, std::size_t n) { return (uint64_t{n} << 32) | frame; }
    // Consecutive periods begin n frames apart, so they go to consecutive blocks.
    static std::size_t block_of(uint32_t frame, std::size_t n) { return (frame / n) % kBlocks; }

    std::size_t capacity_;
    std::array<Block, kBlocks> blocks_;
    std::vector<float> out_;  // the reader's copy
};

}  // namespace headamp::core
