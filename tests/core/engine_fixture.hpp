// Test helpers: drive an Engine with plain buffers, one mix output pair per mix slot.
#pragma once

#include <array>
#include <cmath>
#include <vector>

#include "core/engine.hpp"

namespace headamp::test {

constexpr double kRate = 48000.0;

inline double to_db(double gain) { return 20.0 * std::log10(gain); }

// Owns input and output buffers and the pointer tables Engine::process takes.
struct EngineRig {
    explicit EngineRig(uint32_t frame_count = 256) : frames(frame_count) {
        for (auto& b : in) b.assign(frames, 0.0f);
        for (auto& b : out) b.assign(frames, 0.0f);
        for (std::size_t i = 0; i < in.size(); ++i) in_ptr[i] = in[i].data();
        for (std::size_t i = 0; i < out.size(); ++i) out_ptr[i] = out[i].data();
    }
    void run(core::Engine& e, int cycles = 1) {
        for (int i = 0; i < cycles; ++i) e.process(in_ptr.data(), out_ptr.data(), frames);
    }
    void fill(int channel, float value) { std::fill(in[channel].begin(), in[channel].end(), value); }
    const std::vector<float>& left(int mix) const { return out[2 * mix]; }
    const std::vector<float>& right(int mix) const { return out[2 * mix + 1]; }

    uint32_t frames;
    std::array<std::vector<float>, core::kMaxChannels> in;
    std::array<std::vector<float>, 2 * core::kMaxMixes> out;
    std::array<const float*, core::kMaxChannels> in_ptr{};
    std::array<float*, 2 * core::kMaxMixes> out_ptr{};
};

inline core::Source mono(const std::string& name, int channel) { return {name, {channel, -1}, 0.0, false}; }
inline core::Source stereo(const std::string& name, int l, int r) { return {name, {l, r}, 0.0, false}; }
inline core::Mix mix(const std::string& name, int slot) {
    core::Mix m;
    m.name = name;
    m.slot = slot;
    m.limiter_ceiling_db = 0.0;  // out of the way unless a test is about it
    return m;
}

}  // namespace headamp::test
