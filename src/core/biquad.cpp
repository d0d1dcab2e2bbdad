// RBJ biquad design (Robert Bristow-Johnson, "Cookbook formulae for audio EQ biquad filter coefficients").
#include "core/biquad.hpp"

#include <cmath>
#include <complex>
#include <numbers>

namespace headamp::core {

namespace {

struct Raw {
    double b0, b1, b2, a0, a1, a2;
};

BiquadCoefficients normalise(const Raw& r) {
    return {static_cast<float>(r.b0 / r.a0), static_cast<float>(r.b1 / r.a0), static_cast<float>(r.b2 / r.a0),
            static_cast<float>(r.a1 / r.a0), static_cast<float>(r.a2 / r.a0)};
}

struct Terms {
    double A, cosw, alpha;
};

// Frequencies at or above Nyquist make the formulas fold over; keep them below it.
Terms terms(double sample_rate, double freq_hz, double gain_db, double q) {
    const double f = std::min(freq_hz, 0.49 * sample_rate);
    const double w0 = 2.0 * std::numbers::pi * f / sample_rate;
    return {std::pow(10.0, gain_db / 40.0), std::cos(w0), std::sin(w0) / (2.0 * q)};
}

}  // namespace

BiquadCoefficients design_peaking(double sample_rate, double freq_hz, double gain_db, double q) {
    const auto [A, cosw, alpha] = terms(sample_rate, freq_hz, gain_db, q);
    return normalise({1.0 + alpha * A, -2.0 * cosw, 1.0 - alpha * A, 1.0 + alpha / A, -2.0 * cosw, 1.0 - alpha / A});
}

BiquadCoefficients design_low_shelf(double sample_rate, double freq_hz, double gain_db, double q) {
    const auto [A, cosw, alpha] = terms(sample_rate, freq_hz, gain_db, q);
    const double s = 2.0 * std::sqrt(A) * alpha;
    return normalise({A * ((A + 1) - (A - 1) * cosw + s), 2 * A * ((A - 1) - (A + 1) * cosw),
                      A * ((A + 1) - (A - 1) * cosw - s), (A + 1) + (A - 1) * cosw + s, -2 * ((A - 1) + (A + 1) * cosw),
                      (A + 1) + (A - 1) * cosw - s});
}

BiquadCoefficients design_high_shelf(double sample_rate, double freq_hz, double gain_db, double q) {
    const auto [A, cosw, alpha] = terms(sample_rate, freq_hz, gain_db, q);
    const double s = 2.0 * std::sqrt(A) * alpha;
    return normalise({A * ((A + 1) + (A - 1) * cosw + s), -2 * A * ((A - 1) + (A + 1) * cosw),
                      A * ((A + 1) + (A - 1) * cosw - s), (A + 1) - (A - 1) * cosw + s, 2 * ((A - 1) - (A + 1) * cosw),
                      (A + 1) - (A - 1) * cosw - s});
}

double magnitude_db(const BiquadCoefficients& c, double sample_rate, double freq_hz) {
    const double w = 2.0 * std::numbers::pi * freq_hz / sample_rate;
    const std::complex<double> z1 = std::polar(1.0, -w);
    const std::complex<double> z2 = z1 * z1;
    const std::complex<double> h =
        (double(c.b0) + double(c.b1) * z1 + double(c.b2) * z2) / (1.0 + double(c.a1) * z1 + double(c.a2) * z2);
    return 20.0 * std::log10(std::abs(h));
}

bool Biquad::finite() const noexcept { return std::isfinite(z1_) && std::isfinite(z2_); }

}  // namespace headamp::core
