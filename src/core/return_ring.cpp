// Return ring (see return_ring.hpp): a sequence lock per block, the stamp read before and after the copy.
// The samples go through relaxed atomic_refs: the reader may copy a block the writer is filling (then
// the stamp tells it to throw the copy away), and that must not be a data race.
#include "core/return_ring.hpp"

namespace headamp::core {

ReturnRing::ReturnRing(std::size_t capacity) : capacity_(capacity), out_(capacity, 0.0f) {
    for (Block& block : blocks_) block.samples.assign(capacity, 0.0f);
}

void ReturnRing::write(uint32_t frame, const float* samples, std::size_t n) noexcept {
    if (n == 0 || n > capacity_ || !samples) return;
    Block& block = blocks_[block_of(frame, n)];
    block.stamp.store(0, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    for (std::size_t i = 0; i < n; ++i)
        std::atomic_ref<float>(block.samples[i]).store(samples[i], std::memory_order_relaxed);
    block.stamp.store(stamp_of(frame, n), std::memory_order_release);
}

const float* ReturnRing::read(uint32_t frame, std::size_t n) noexcept {
    if (n == 0 || n > capacity_) return nullptr;
    Block& block = blocks_[block_of(frame, n)];
    const uint64_t want = stamp_of(frame, n);
    if (block.stamp.load(std::memory_order_acquire) != want) return nullptr;
    for (std::size_t i = 0; i < n; ++i)
        out_[i] = std::atomic_ref<float>(block.samples[i]).load(std::memory_order_relaxed);
    // The writer is kBlocks - 1 periods ahead only when this reader is that late; then the stamp
    // has changed under the copy, and the copy is not used.
    std::atomic_thread_fence(std::memory_order_acquire);
    if (block.stamp.load(std::memory_order_relaxed) != want) return nullptr;
    return out_.data();
}

}  // namespace headamp::core
