// Compiles an accepted graph as the daemon would and checks every number the process callback reads.
#include "graph_checks.hpp"

#include <cmath>

#include "core/snapshot.hpp"
#include "fuzz_target.hpp"

namespace headamp::fuzz {

namespace {

// A biquad's poles are inside the unit circle exactly when (Jury) |a2| < 1 and |a1| < 1 + a2.
bool stable(const core::BiquadCoefficients& c) { return std::fabs(c.a2) < 1.0f && std::fabs(c.a1) < 1.0f + c.a2; }

bool finite(const core::BiquadCoefficients& c) {
    return std::isfinite(c.b0) && std::isfinite(c.b1) && std::isfinite(c.b2) && std::isfinite(c.a1) &&
           std::isfinite(c.a2);
}

}  // namespace

void check_graph_compiles(const core::Graph& graph) {
    for (const double rate : {44100.0, 48000.0, 96000.0}) {
        const auto snapshot = core::compile(graph, rate);
        for (const float t : snapshot->trim) FUZZ_CHECK(std::isfinite(t), "a source trim is not finite");
        for (const std::uint16_t slot : snapshot->mixes) {
            const core::MixTargets& m = snapshot->mix[slot];
            FUZZ_CHECK(std::isfinite(m.master) && std::isfinite(m.ceiling) && m.ceiling > 0.0f,
                       "a mix's master or limiter ceiling is not a finite gain");
            for (const core::BiquadCoefficients& band : m.eq) {
                FUZZ_CHECK(finite(band), "an EQ coefficient is not finite");
                FUZZ_CHECK(stable(band), "an EQ band is unstable");
            }
            for (const auto& gains : m.send)
                FUZZ_CHECK(std::isfinite(gains[0]) && std::isfinite(gains[1]), "a send gain is not finite");
        }
    }
}

}  // namespace headamp::fuzz
