// A linear gain ramp: the control side sets a target, the process side walks to it sample by sample.
#pragma once

#include <cstdint>

namespace headamp::core {

class LinearSmoother {
public:
    // Jump straight to a value, no ramp (used when a channel or mix appears).
    void reset(float value) noexcept {
        current_ = target_ = value;
        step_ = 0.0f;
        remaining_ = 0;
    }

    // Start a new ramp of `samples` samples from wherever the ramp is now, so a second change in
    // the middle of a ramp never jumps.
    void set_target(float target, int32_t samples) noexcept {
        if (target == target_) return;
        current_ = value();
        target_ = target;
        if (samples <= 0) {
            reset(target);
            return;
        }
        remaining_ = samples;
        step_ = (target_ - current_) / static_cast<float>(samples);
    }

    bool ramping() const noexcept { return remaining_ > 0; }
    float target() const noexcept { return target_; }

    // The value at the current position. Computed back from the target (target - step * remaining)
    // rather than accumulated, so float rounding can never carry the ramp past its target.
    float value() const noexcept { return remaining_ > 0 ? target_ - step_ * static_cast<float>(remaining_) : target_; }

    // Advance one sample and return the new value.
    float next() noexcept {
        if (remaining_ > 0) --remaining_;
        return value();
    }

    // Advance n samples at once.
    void skip(int32_t n) noexcept { remaining_ = n >= remaining_ ? 0 : remaining_ - n; }

private:
    float current_ = 0.0f;
    float target_ = 0.0f;
    float step_ = 0.0f;
    int32_t remaining_ = 0;
};

}  // namespace headamp::core
