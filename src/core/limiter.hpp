// A stereo-linked peak limiter without look-ahead whose ceiling holds for every output sample.
#pragma once

#include <cmath>

namespace headamp::core {

class PeakLimiter {
public:
    // ceiling: linear peak ceiling; release: per-sample smoothing coefficient (0..1) for recovery.
    // Process one stereo frame in place.
    void process(float& left, float& right, float ceiling, float release) noexcept {
        // std::fmax by hand (it is a libm call per sample): the larger, and a NaN side ignored.
        const float al = std::fabs(left), ar = std::fabs(right);
        const float peak = std::isnan(al) || ar > al ? ar : al;
        // The gain that would put this very sample exactly on the ceiling; without look-ahead the
        // attack has to be instantaneous, or the first sample of a transient would pass over.
        const float wanted = peak > ceiling ? ceiling / peak : 1.0f;
        gain_ = wanted < gain_ ? wanted : gain_ + (wanted - gain_) * release;
        left = clamp(left * gain_, ceiling);
        right = clamp(right * gain_, ceiling);
    }

    void reset() noexcept { gain_ = 1.0f; }
    float gain() const noexcept { return gain_; }

private:
    // x * (ceiling / peak) can round one ulp above the ceiling, and an infinite peak gives 0 * inf:
    // the clamp is the guarantee, the gain above is what keeps it from being audible distortion.
    static float clamp(float x, float ceiling) noexcept {
        if (std::fabs(x) <= ceiling) return x;
        return std::isfinite(x) ? std::copysign(ceiling, x) : 0.0f;
    }

    float gain_ = 1.0f;
};

}  // namespace headamp::core
