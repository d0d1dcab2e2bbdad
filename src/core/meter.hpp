// Peak and RMS meters written by the process side and read by any thread without locks.
#pragma once

#include <atomic>
#include <cmath>
#include <cstdint>

namespace headamp::core {

struct MeterReading {
    float peak = 0.0f;  // linear, falling back at the meter's fall rate
    float rms = 0.0f;   // linear, ~300 ms integration
};

// One block's peak and sum of squares, gathered sample by sample in whatever pass already reads them.
struct MeterBlock {
    float peak = 0.0f;
    float sum = 0.0f;
    void add(float x) noexcept {
        add_peak(std::fabs(x));
        sum += x * x;
    }
    // A select, not std::fmax (a libm call per sample); a NaN is ignored as fmax would.
    void add_peak(float magnitude) noexcept { peak = magnitude > peak ? magnitude : peak; }
};

class Meter {
public:
    // Process side: fold one block of n samples in. fall and rms_coef are per-block coefficients
    // (see Engine).
    void update(const MeterBlock& block, uint32_t n, float fall, float rms_coef) noexcept {
        // A select, not std::fmax (a libm call); block.peak is never NaN (add_peak ignores NaN).
        const float fallen = held_peak_ * fall;
        held_peak_ = block.peak > fallen ? block.peak : fallen;
        mean_square_ += (block.sum / static_cast<float>(n) - mean_square_) * rms_coef;
        peak_.store(held_peak_, std::memory_order_relaxed);
        rms_.store(std::sqrt(mean_square_), std::memory_order_relaxed);
    }

    void reset() noexcept {
        held_peak_ = mean_square_ = 0.0f;
        peak_.store(0.0f, std::memory_order_relaxed);
        rms_.store(0.0f, std::memory_order_relaxed);
    }

    // Any thread.
    MeterReading read() const noexcept {
        return {peak_.load(std::memory_order_relaxed), rms_.load(std::memory_order_relaxed)};
    }

private:
    static_assert(std::atomic<float>::is_always_lock_free);
    std::atomic<float> peak_{0.0f};
    std::atomic<float> rms_{0.0f};
    float held_peak_ = 0.0f;    // process side only
    float mean_square_ = 0.0f;  // process side only
};

}  // namespace headamp::core
