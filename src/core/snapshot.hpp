// The immutable, pre-computed form of a Graph that the process callback reads: linear gain targets,
// filter coefficients and coefficients per sample rate; built on the control thread.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/biquad.hpp"
#include "core/graph.hpp"

namespace headamp::core {

struct MixTargets {
    float master = 0.0f;   // linear; 0 when muted
    float mono = 0.0f;     // 0 = stereo, 1 = L and R summed
    float ceiling = 0.0f;  // linear limiter ceiling
    bool eq_enabled = false;
    std::array<BiquadCoefficients, 3> eq{};  // low shelf, peaking, high shelf
    // Gain of each channel slot into this mix's left and right bus, pan/balance, send level,
    // mute and solo folded in. Indexed by channel slot.
    std::array<std::array<float, 2>, kMaxChannels> send{};
};

struct Snapshot {
    uint64_t generation = 0;
    double sample_rate = 48000.0;
    int32_t ramp_samples = 480;              // ~10 ms
    float limiter_release = 0.0f;            // per-sample coefficient
    std::vector<uint16_t> channels;          // active channel slots
    std::vector<uint16_t> mixes;             // active mix slots
    std::array<float, kMaxChannels> trim{};  // linear trim with polarity, per channel slot
    std::array<MixTargets, kMaxMixes> mix{};
};

inline constexpr double kRampSeconds = 0.010;
inline constexpr double kLimiterReleaseSeconds = 0.150;

// graph must be valid (core::validate); sample_rate > 0.
std::unique_ptr<Snapshot> compile(const Graph& graph, double sample_rate);

}  // namespace headamp::core
