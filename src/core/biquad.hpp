// RBJ "Audio EQ Cookbook" biquads: coefficient design on the control side, filtering on the process side.
#pragma once

namespace headamp::core {

// Normalised so that a0 == 1.
struct BiquadCoefficients {
    float b0 = 1.0f, b1 = 0.0f, b2 = 0.0f, a1 = 0.0f, a2 = 0.0f;
};

BiquadCoefficients design_low_shelf(double sample_rate, double freq_hz, double gain_db, double q);
BiquadCoefficients design_peaking(double sample_rate, double freq_hz, double gain_db, double q);
BiquadCoefficients design_high_shelf(double sample_rate, double freq_hz, double gain_db, double q);

// |H(e^jw)| in dB at freq_hz: the closed form the tests check the design against.
double magnitude_db(const BiquadCoefficients& c, double sample_rate, double freq_hz);

// Transposed direct form II state for one channel.
class Biquad {
public:
    float process(const BiquadCoefficients& c, float x) noexcept {
        return step(c.b0, c.b1, c.b2, c.a1, c.a2, x, z1_, z2_);
    }
    void reset() noexcept { z1_ = z2_ = 0.0f; }
    bool finite() const noexcept;

    // The same filter on a float or on a vector of floats, one filter per lane (the engine runs
    // several mixes side by side); the coefficients as T, the state in z1 and z2.
    template <class T>
    static T step(T b0, T b1, T b2, T a1, T a2, T x, T& z1, T& z2) noexcept {
        const T y = b0 * x + z1;
        z1 = b1 * x - a1 * y + z2;
        z2 = b2 * x - a2 * y;
        return y;
    }
    // The state, for running this filter in a lane of such a vector.
    float& z1() noexcept { return z1_; }
    float& z2() noexcept { return z2_; }

private:
    float z1_ = 0.0f, z2_ = 0.0f;
};

}  // namespace headamp::core
