// A stereo-linked peak limiter without look-ahead whose ceiling holds for every output sample.
#pragma once

#include <cmath>

namespace headamp::core {

class PeakLimiter {
public:
    // ceiling: linear peak ceiling; release: per-sample smoothing coefficient (0..1) for recovery.
    // Process one stereo frame in place.
    void process(float& left, float& right, float ceiling, float release) noexcept {
        step(left, right, gain_, ceiling, release);
    }

    void reset() noexcept { gain_ = 1.0f; }
    float gain() const noexcept { return gain_; }
    // The gain, for running this limiter in a lane of a vector (see step).
    float& gain() noexcept { return gain_; }

    // One frame on a float or on a vector of floats, one limiter per lane (the engine runs several
    // mixes side by side). Selects, not std::fmax/fabs/copysign, so that the same code serves both.
    template <class T>
    static void step(T& left, T& right, T& gain, T ceiling, float release) noexcept {
        const T one = T{} + 1.0f;
        // The larger magnitude, a NaN side ignored (as std::fmax).
        const T al = magnitude(left), ar = magnitude(right);
        const T peak = ((al != al) | (ar > al)) ? ar : al;
        // The gain that would put this very sample exactly on the ceiling; without look-ahead the
        // attack has to be instantaneous, or the first sample of a transient would pass over.
        const T wanted = peak > ceiling ? ceiling / peak : one;
        gain = wanted < gain ? wanted : gain + (wanted - gain) * release;
        left = clamp(left * gain, ceiling);
        right = clamp(right * gain, ceiling);
    }

private:
    template <class T>
    static T magnitude(T x) noexcept {
        return x < 0.0f ? -x : x;
    }
    // x * (ceiling / peak) can round one ulp above the ceiling, and an infinite peak gives 0 * inf:
    // the clamp is the guarantee, the gain above is what keeps it from being audible distortion.
    // x - x is 0 exactly when x is finite.
    template <class T>
    static T clamp(T x, T ceiling) noexcept {
        const T zero = T{};
        return magnitude(x) <= ceiling ? x : (x - x) == zero ? (x < 0.0f ? -ceiling : ceiling) : zero;
    }

    float gain_ = 1.0f;
};

}  // namespace headamp::core
