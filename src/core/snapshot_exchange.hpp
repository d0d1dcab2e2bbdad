// Hands immutable snapshots from the control thread to the process thread by pointer, and frees an
// old one only after the process thread has provably moved on to a newer one.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace headamp::core {

// T must have a `uint64_t generation` member, set by publish().
template <class T>
class SnapshotExchange {
public:
    explicit SnapshotExchange(std::unique_ptr<T> first) {
        first->generation = 1;
        next_generation_ = 2;
        current_.store(first.release(), std::memory_order_release);
    }
    ~SnapshotExchange() { delete current_.load(std::memory_order_relaxed); }
    SnapshotExchange(const SnapshotExchange&) = delete;
    SnapshotExchange& operator=(const SnapshotExchange&) = delete;

    // Control thread.
    void publish(std::unique_ptr<T> next) {
        next->generation = next_generation_++;
        const T* old = current_.exchange(next.release(), std::memory_order_acq_rel);
        retired_.emplace_back(old);
        reclaim();
    }

    // Control thread: free every retired snapshot older than the one the process side last took.
    // The process side takes a pointer once per cycle and only then records its generation, so a
    // snapshot whose generation is below the recorded one can no longer be in use.
    void reclaim() {
        const uint64_t seen = seen_.load(std::memory_order_acquire);
        std::erase_if(retired_, [seen](const std::unique_ptr<const T>& t) { return t->generation < seen; });
    }

    // Control thread, once the process side can no longer run (client deactivated or gone).
    void reclaim_all() { retired_.clear(); }

    std::size_t retired_count() const { return retired_.size(); }

    // Process thread, once at the start of each cycle.
    const T* acquire() noexcept {
        const T* t = current_.load(std::memory_order_acquire);
        seen_.store(t->generation, std::memory_order_release);
        return t;
    }

private:
    std::atomic<const T*> current_{nullptr};
    std::atomic<uint64_t> seen_{0};
    uint64_t next_generation_ = 1;
    std::vector<std::unique_ptr<const T>> retired_;
};

}  // namespace headamp::core
