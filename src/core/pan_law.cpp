// Pan law and balance maths (closed forms; see pan_law.hpp).
#include "core/pan_law.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace headamp::core {

StereoGains pan_gains(PanLaw law, double pan) {
    const double p = std::clamp(pan, -1.0, 1.0);
    switch (law) {
        case PanLaw::ConstantPower: {
            // sin/cos keeps L^2 + R^2 == 1: equal loudness anywhere, cos(pi/4) = -3.01 dB at centre.
            const double theta = (p + 1.0) * std::numbers::pi / 4.0;
            double l = std::cos(theta);
            double r = std::sin(theta);
            if (p <= -1.0) r = 0.0;  // cos(pi/2) is 6e-17, not 0: make hard pans exact
            if (p >= 1.0) l = 0.0;
            return {l, r};
        }
        case PanLaw::Linear: return {(1.0 - p) / 2.0, (1.0 + p) / 2.0};
        case PanLaw::ZeroDb: return {std::min(1.0, 1.0 - p), std::min(1.0, 1.0 + p)};
    }
    return {0.0, 0.0};
}

StereoGains balance_gains(double balance) {
    const double b = std::clamp(balance, -1.0, 1.0);
    return {std::min(1.0, 1.0 - b), std::min(1.0, 1.0 + b)};
}

}  // namespace headamp::core
