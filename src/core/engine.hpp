// The mixing engine: channels x mixes -> one limited stereo pair per mix, run by the process callback.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/biquad.hpp"
#include "core/graph.hpp"
#include "core/kernels.hpp"
#include "core/limiter.hpp"
#include "core/meter.hpp"
#include "core/simd_level.hpp"
#include "core/smoother.hpp"
#include "core/snapshot.hpp"
#include "core/snapshot_exchange.hpp"

namespace headamp::core {

// Lock-free meters, one per channel slot and one per mix output channel.
struct Meters {
    std::array<Meter, kMaxChannels> channel;
    std::array<std::array<Meter, 2>, kMaxMixes> mix;
};

class Engine {
public:
    // Audio is processed in sub-blocks of at most kBlock frames, so scratch space does not depend
    // on the JACK buffer size and never needs to be reallocated.
    static constexpr uint32_t kBlock = 256;

    // level: the instruction set of the send-matrix kernel (tests force each one in turn).
    explicit Engine(double sample_rate, SimdLevel level = best_simd_level());
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Control thread. Validates, compiles and publishes; returns an error message and changes
    // nothing when the graph is invalid.
    std::optional<std::string> set_graph(const Graph& graph);
    const Graph& graph() const { return graph_; }
    void set_sample_rate(double sample_rate);
    double sample_rate() const { return sample_rate_; }
    // Control thread: free snapshots the process side has moved past / all of them once it is stopped.
    void reclaim() { exchange_.reclaim(); }
    void reclaim_stopped() { exchange_.reclaim_all(); }
    std::size_t retired_snapshots() const { return exchange_.retired_count(); }

    // Any thread.
    const Meters& meters() const { return *meters_; }

    // Process thread. inputs: kMaxChannels pointers, indexed by channel slot (nullptr = silence).
    // outputs: 2 * kMaxMixes pointers, left of mix slot m at 2m, right at 2m + 1 (nullptr = not
    // connected). Allocates nothing, locks nothing, makes no system call.
    void process(const float* const* inputs, float* const* outputs, uint32_t nframes) noexcept;
    SimdLevel simd_level() const { return simd_level_; }

private:
    struct State;
    void apply(const Snapshot& s) noexcept;
    void process_block(const Snapshot& s, const float* const* inputs, float* const* outputs, uint32_t offset,
                       uint32_t n) noexcept;
    void condition_channel(int c, const float* in, uint32_t n) noexcept;
    void update_send_gains(const Snapshot& s) noexcept;
    void add_ramping_sends(uint32_t n) noexcept;
    bool master_and_mono(int m, uint32_t n) noexcept;
    // Up to W mixes finished side by side, one per vector lane; 8 and 16 lanes built for AVX2 and
    // AVX-512, picked per group of mixes by how many are left (see process_block).
    template <int W>
    struct MixLanes;
    void finish_group(const Snapshot& s, const uint16_t* slots, int count, float* const* outputs, uint32_t offset,
                      uint32_t n) noexcept;
    template <int W>
    void finish_mixes(const Snapshot& s, const uint16_t* slots, int count, float* const* outputs, uint32_t offset,
                      uint32_t n) noexcept;
    void finish_mixes_avx2(const Snapshot& s, const uint16_t* slots, int count, float* const* outputs, uint32_t offset,
                           uint32_t n) noexcept;
    void finish_mixes_avx512(const Snapshot& s, const uint16_t* slots, int count, float* const* outputs,
                             uint32_t offset, uint32_t n) noexcept;
    template <int W>
    void gather_mixes(MixLanes<W>& v, const Snapshot& s, const uint16_t* slots, int count, float* const* outputs,
                      uint32_t offset, uint32_t n) noexcept;
    template <int W>
    void store_mixes(const MixLanes<W>& v, const Snapshot& s, const uint16_t* slots, int count, uint32_t n) noexcept;
    void update_block_coefficients(uint32_t n, double sample_rate) noexcept;

    double sample_rate_;
    SimdLevel simd_level_;
    int mix_lanes_;  // the most mixes finish_mixes runs side by side at this level: 4, 8 or 16
    Kernels kernels_;
    Graph graph_;
    SnapshotExchange<Snapshot> exchange_;
    std::unique_ptr<Meters> meters_;
    std::unique_ptr<State> state_;  // process side only
};

}  // namespace headamp::core
