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
        const float y = c.b0 * x + z1_;
        z1_ = c.b1 * x - c.a1 * y + z2_;
        z2_ = c.b2 * x - c.a2 * y;
        return y;
    }
    void reset() noexcept { z1_ = z2_ = 0.0f; }
    bool finite() const noexcept;

private:
    float z1_ = 0.0f, z2_ = 0.0f;
};

}  // namespace headamp::core
