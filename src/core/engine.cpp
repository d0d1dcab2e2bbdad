// The engine's process side: condition inputs, the send matrix (steady kernel + exact ramps), master, mono,
// EQ, limiter, meters.
#include "core/engine.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <type_traits>
#include <utility>

#include "core/denormals.hpp"

namespace headamp::core {

namespace {

constexpr float kMeterFallSeconds = 1.5f;  // ~ -20 dB in 1.5 s, like a PPM's return
constexpr float kRmsSeconds = 0.3f;

// Mixes finished side by side: 4 lanes on SSE2 and NEON (the baselines), 8 with AVX2, 16 with AVX-512.
int mix_lanes(SimdLevel level) { return level == SimdLevel::Avx512 ? 16 : level == SimdLevel::Avx2 ? 8 : 4; }

}  // namespace

// Everything the process side reads and writes between cycles, allocated once with the engine.
struct Engine::State {
    struct ChannelState {
        LinearSmoother trim;
        bool active = false;
    };
    struct MixState {
        LinearSmoother master;
        LinearSmoother mono;
        std::array<std::array<LinearSmoother, 2>, kMaxChannels> send;
        std::array<std::array<Biquad, 3>, 2> eq;  // [side][band]
        PeakLimiter limiter;
        bool active = false;
    };

    const Snapshot* applied = nullptr;
    std::array<ChannelState, kMaxChannels> channel;
    std::array<MixState, kMaxMixes> mix;
    alignas(64) std::array<std::array<float, kBlock>, kMaxChannels> conditioned;  // trimmed, sanitised input
    // Left of mix slot m at 2m, right at 2m + 1.
    alignas(64) std::array<std::array<float, kBlock>, 2 * kMaxMixes> bus;
    alignas(64) std::array<float, kBlock> silence{};  // the input of an unused lane of finish_mixes
    alignas(64) std::array<float, kBlock> discard;    // its output
    // The send matrix in the kernel's packed form: one row per active mix side (in snapshot order),
    // one column per active channel; a pair that is ramping has 0 here and is summed exactly below.
    alignas(64) std::array<float, 2 * kMaxMixes * kMaxChannels> gains;
    std::array<const float*, kMaxChannels> matrix_inputs;
    std::array<float*, 2 * kMaxMixes> matrix_outputs;
    SendMatrix matrix;
    struct RampingSend {
        uint16_t mix;
        uint16_t channel;
    };
    std::array<RampingSend, kMaxMixes * kMaxChannels> ramping;
    int ramping_count = 0;
    bool gains_stale = true;  // a new snapshot, or a ramp that may have ended
    // Per-block meter coefficients, recomputed only when the block length changes.
    uint32_t coef_frames = 0;
    double coef_rate = 0.0;
    float meter_fall = 0.0f;
    float meter_rms = 0.0f;
};

Engine::Engine(double sample_rate, SimdLevel level)
    : sample_rate_(sample_rate),
      simd_level_(level),
      mix_lanes_(mix_lanes(level)),
      kernels_(kernels(level)),
      exchange_(compile(Graph{}, sample_rate)),
      meters_(std::make_unique<Meters>()),
      state_(std::make_unique<State>()) {}

Engine::~Engine() = default;

std::optional<std::string> Engine::set_graph(const Graph& graph) {
    if (auto error = validate(graph)) return error;
    exchange_.publish(compile(graph, sample_rate_));
    graph_ = graph;
    return std::nullopt;
}

void Engine::set_sample_rate(double sample_rate) {
    if (sample_rate == sample_rate_ || !(sample_rate > 0.0)) return;
    sample_rate_ = sample_rate;
    exchange_.publish(compile(graph_, sample_rate_));
}

void Engine::process(const float* const* inputs, float* const* outputs, uint32_t nframes) noexcept {
    ScopedFlushDenormals ftz;
    const Snapshot* s = exchange_.acquire();
    if (s != state_->applied) {
        apply(*s);
        state_->applied = s;
    }
    for (uint32_t offset = 0; offset < nframes; offset += kBlock)
        process_block(*s, inputs, outputs, offset, std::min(kBlock, nframes - offset));
}

// A new snapshot: newly active channels and mixes start from silence and fade in; everything
// else ramps from where it is to the new targets.
void Engine::apply(const Snapshot& s) noexcept {
    State& st = *state_;
    std::array<bool, kMaxChannels> channel_on{};
    for (uint16_t c : s.channels) channel_on[c] = true;
    std::array<bool, kMaxMixes> mix_on{};
    for (uint16_t m : s.mixes) mix_on[m] = true;

    for (int c = 0; c < kMaxChannels; ++c) {
        auto& ch = st.channel[static_cast<std::size_t>(c)];
        if (channel_on[static_cast<std::size_t>(c)] && !ch.active) {
            ch.trim.reset(0.0f);
            for (auto& mix : st.mix) {
                mix.send[static_cast<std::size_t>(c)][0].reset(0.0f);
                mix.send[static_cast<std::size_t>(c)][1].reset(0.0f);
            }
            meters_->channel[static_cast<std::size_t>(c)].reset();
        }
        ch.active = channel_on[static_cast<std::size_t>(c)];
        if (ch.active) ch.trim.set_target(s.trim[static_cast<std::size_t>(c)], s.ramp_samples);
    }
    for (int m = 0; m < kMaxMixes; ++m) {
        auto& mix = st.mix[static_cast<std::size_t>(m)];
        const MixTargets& t = s.mix[static_cast<std::size_t>(m)];
        if (mix_on[static_cast<std::size_t>(m)] && !mix.active) {
            mix.master.reset(0.0f);
            mix.mono.reset(t.mono);
            for (auto& side : mix.eq)
                for (auto& band : side) band.reset();
            mix.limiter.reset();
            for (auto& meter : meters_->mix[static_cast<std::size_t>(m)]) meter.reset();
        }
        mix.active = mix_on[static_cast<std::size_t>(m)];
        if (!mix.active) continue;
        mix.master.set_target(t.master, s.ramp_samples);
        mix.mono.set_target(t.mono, s.ramp_samples);
        for (uint16_t c : s.channels) {
            mix.send[c][0].set_target(t.send[c][0], s.ramp_samples);
            mix.send[c][1].set_target(t.send[c][1], s.ramp_samples);
        }
    }

    // Only active channels and mixes enter the matrix: an empty slot costs nothing.
    for (std::size_t k = 0; k < s.channels.size(); ++k) st.matrix_inputs[k] = st.conditioned[s.channels[k]].data();
    for (std::size_t j = 0; j < s.mixes.size(); ++j) {
        st.matrix_outputs[2 * j] = st.bus[2u * s.mixes[j]].data();
        st.matrix_outputs[2 * j + 1] = st.bus[2u * s.mixes[j] + 1].data();
    }
    st.matrix = {st.matrix_inputs.data(), st.gains.data(), st.matrix_outputs.data(),
                 static_cast<int>(s.channels.size()), static_cast<int>(2 * s.mixes.size())};
    st.gains_stale = true;
}

// The steady gains into the matrix, the ramping pairs into a list. Done only after a new snapshot
// and while ramps run; in the steady state the matrix stays as it is.
void Engine::update_send_gains(const Snapshot& s) noexcept {
    State& st = *state_;
    if (!st.gains_stale) return;
    const std::size_t columns = s.channels.size();
    st.ramping_count = 0;
    for (std::size_t j = 0; j < s.mixes.size(); ++j) {
        const uint16_t m = s.mixes[j];
        float* left = st.gains.data() + 2 * j * columns;
        float* right = left + columns;
        for (std::size_t k = 0; k < columns; ++k) {
            const uint16_t c = s.channels[k];
            const auto& send = st.mix[m].send[c];
            if (send[0].ramping() || send[1].ramping()) {
                left[k] = right[k] = 0.0f;
                st.ramping[static_cast<std::size_t>(st.ramping_count++)] = {m, c};
            } else {
                left[k] = send[0].value();
                right[k] = send[1].value();
            }
        }
    }
    st.gains_stale = st.ramping_count > 0;
}

// Each ramping pair into both buses in the same pass over the same buffer, so L and R of a mix
// are always computed from the same input samples; the gains step sample by sample, as the
// smoother defines them.
void Engine::add_ramping_sends(uint32_t n) noexcept {
    State& st = *state_;
    for (int p = 0; p < st.ramping_count; ++p) {
        const State::RampingSend r = st.ramping[static_cast<std::size_t>(p)];
        auto& gl = st.mix[r.mix].send[r.channel][0];
        auto& gr = st.mix[r.mix].send[r.channel][1];
        const float* x = st.conditioned[r.channel].data();
        float* L = st.bus[2u * r.mix].data();
        float* R = st.bus[2u * r.mix + 1].data();
        for (uint32_t i = 0; i < n; ++i) {
            L[i] += gl.next() * x[i];
            R[i] += gr.next() * x[i];
        }
    }
}

void Engine::update_block_coefficients(uint32_t n, double sample_rate) noexcept {
    State& st = *state_;
    if (st.coef_frames == n && st.coef_rate == sample_rate) return;
    // One exp per block length change, never per sample.
    const float block_seconds = static_cast<float>(n / sample_rate);
    st.meter_fall = std::exp(-block_seconds * 2.302585f / kMeterFallSeconds);  // 20 dB per kMeterFallSeconds
    st.meter_rms = 1.0f - std::exp(-block_seconds / kRmsSeconds);
    st.coef_frames = n;
    st.coef_rate = sample_rate;
}

void Engine::process_block(const Snapshot& s, const float* const* inputs, float* const* outputs, uint32_t offset,
                           uint32_t n) noexcept {
    update_block_coefficients(n, s.sample_rate);
    for (uint16_t c : s.channels) {
        const float* in = inputs[c];
        condition_channel(c, in ? in + offset : nullptr, n);
    }
    update_send_gains(s);
    kernels_.send_matrix(state_->matrix, n);
    add_ramping_sends(n);
    for (std::size_t j = 0; j < s.mixes.size(); j += static_cast<std::size_t>(mix_lanes_))
        finish_group(s, s.mixes.data() + j, static_cast<int>(std::min<std::size_t>(mix_lanes_, s.mixes.size() - j)),
                     outputs, offset, n);
}

// The narrowest vector that holds the group (count <= mix_lanes_, so an AVX entry point only runs
// where this CPU has it): a lone mix costs a pass of 4 lanes, not of 16.
void Engine::finish_group(const Snapshot& s, const uint16_t* slots, int count, float* const* outputs, uint32_t offset,
                          uint32_t n) noexcept {
#if defined(__x86_64__)
    if (count > 8) return finish_mixes_avx512(s, slots, count, outputs, offset, n);
    if (count > 4) return finish_mixes_avx2(s, slots, count, outputs, offset, n);
#endif
    finish_mixes<4>(s, slots, count, outputs, offset, n);
}

// Trim and polarity (ramped), then: if anything in the block is not finite, the whole block of
// this channel is silence. One NaN would otherwise poison every mix it is sent to.
void Engine::condition_channel(int c, const float* in, uint32_t n) noexcept {
    State& st = *state_;
    float* y = st.conditioned[static_cast<std::size_t>(c)].data();
    auto& trim = st.channel[static_cast<std::size_t>(c)].trim;
    MeterBlock block;  // metered in the same pass
    if (in == nullptr) {
        std::memset(y, 0, n * sizeof(float));
        trim.skip(static_cast<int32_t>(n));
    } else {
        float poison = 0.0f;  // x * 0 is 0 for finite x and NaN for NaN or Inf
        if (trim.ramping()) {
            for (uint32_t i = 0; i < n; ++i) {
                y[i] = in[i] * trim.next();
                poison += y[i] * 0.0f;
                block.add(y[i]);
            }
        } else {
            poison = kernels_.gain(in, y, n, trim.value(), block);
        }
        if (poison != 0.0f) {  // NaN != 0
            std::memset(y, 0, n * sizeof(float));
            block = MeterBlock{};
        }
    }
    meters_->channel[static_cast<std::size_t>(c)].update(block, n, st.meter_fall, st.meter_rms);
}

// Master and mono fold, in place on a mix's buses, while either ramps or the mix is folded to mono;
// a steady master without mono is a multiply in finish_mixes' pass instead of a pass of its own.
bool Engine::master_and_mono(int m, uint32_t n) noexcept {
    State& st = *state_;
    State::MixState& mix = st.mix[static_cast<std::size_t>(m)];
    if (!mix.master.ramping() && !mix.mono.ramping() && mix.mono.value() == 0.0f) return false;
    float* L = st.bus[2 * static_cast<std::size_t>(m)].data();
    float* R = st.bus[2 * static_cast<std::size_t>(m) + 1].data();
    for (uint32_t i = 0; i < n; ++i) {
        const float g = mix.master.next();
        const float k = 0.5f * mix.mono.next();
        const float l = L[i], r = R[i];
        L[i] = g * (l + k * (r - l));
        R[i] = g * (r + k * (l - r));
    }
    return true;
}

// Up to W mixes side by side, one per vector lane: where finish_mixes reads and writes, the
// filters' coefficients and memories, the limiters' gains, and the meters' peaks and sums.
template <int W>
struct Engine::MixLanes {
    typedef float V __attribute__((vector_size(W * sizeof(float))));
    typedef int32_t Mask __attribute__((vector_size(W * sizeof(int32_t))));  // what V < V gives
    std::array<const float*, W> in_l, in_r;
    std::array<float*, W> out_l, out_r;
    V b[5][3], z1[2][3], z2[2][3], gain, ceiling, master;
    Mask eq_on{};
    bool any_eq = false;
    V peak_l{}, peak_r{}, sum_l{}, sum_r{};
};

namespace {

// Frame i of every lane's buffer, built as one vector in registers (lane by lane would go through
// memory and stall on store forwarding).
template <class V, std::size_t... J>
[[gnu::always_inline]] inline V column(const float* const* buffers, uint32_t i, std::index_sequence<J...>) noexcept {
    return V{buffers[J][i]...};
}

}  // namespace

// EQ, limiter, meters and the output copy of up to W mixes in one pass, one mix per vector lane:
// the filters and the limiter depend on their previous sample, so one mix at a time waits on
// latency; side by side, the same operations in the same order (each lane's result is the scalar
// one) cover several mixes at once. Unused lanes run on silence into a scratch buffer.
// always_inline: the AVX2 and AVX-512 entry points below compile it for their instruction set.
template <int W>
[[gnu::always_inline]] inline void Engine::finish_mixes(const Snapshot& s, const uint16_t* slots, int count,
                                                        float* const* outputs, uint32_t offset, uint32_t n) noexcept {
    using V = typename MixLanes<W>::V;
    constexpr auto lanes = std::make_index_sequence<W>{};
    MixLanes<W> v;
    gather_mixes(v, s, slots, count, outputs, offset, n);
    const auto finish = [&](auto eq_enabled) {
        for (uint32_t i = 0; i < n; ++i) {
            V l = column<V>(v.in_l.data(), i, lanes) * v.master;
            V r = column<V>(v.in_r.data(), i, lanes) * v.master;
            if constexpr (eq_enabled) {
                V el = l, er = r;
                for (std::size_t band = 0; band < 3; ++band) {
                    el = Biquad::step(v.b[0][band], v.b[1][band], v.b[2][band], v.b[3][band], v.b[4][band], el,
                                      v.z1[0][band], v.z2[0][band]);
                    er = Biquad::step(v.b[0][band], v.b[1][band], v.b[2][band], v.b[3][band], v.b[4][band], er,
                                      v.z1[1][band], v.z2[1][band]);
                }
                l = v.eq_on ? el : l;
                r = v.eq_on ? er : r;
            }
            PeakLimiter::step(l, r, v.gain, v.ceiling, s.limiter_release);
            for (std::size_t j = 0; j < W; ++j) v.out_l[j][i] = l[j], v.out_r[j][i] = r[j];
            // The limiter's output is finite: |x| is a select, the meter needs no NaN rule here.
            const V al = l < 0.0f ? -l : l, ar = r < 0.0f ? -r : r;
            v.peak_l = al > v.peak_l ? al : v.peak_l;
            v.peak_r = ar > v.peak_r ? ar : v.peak_r;
            v.sum_l += l * l;
            v.sum_r += r * r;
        }
    };
    if (v.any_eq)
        finish(std::true_type{});
    else
        finish(std::false_type{});
    store_mixes(v, s, slots, count, n);
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) void Engine::finish_mixes_avx2(const Snapshot& s, const uint16_t* slots, int count,
                                                                   float* const* outputs, uint32_t offset,
                                                                   uint32_t n) noexcept {
    finish_mixes<8>(s, slots, count, outputs, offset, n);
}
__attribute__((target("avx512f,avx2,fma"))) void Engine::finish_mixes_avx512(const Snapshot& s, const uint16_t* slots,
                                                                             int count, float* const* outputs,
                                                                             uint32_t offset, uint32_t n) noexcept {
    finish_mixes<16>(s, slots, count, outputs, offset, n);
}
#endif

// Each lane's mix into `v`: its bus, where its output goes, its EQ, master and limiter.
template <int W>
void Engine::gather_mixes(MixLanes<W>& v, const Snapshot& s, const uint16_t* slots, int count, float* const* outputs,
                          uint32_t offset, uint32_t n) noexcept {
    State& st = *state_;
    for (int j = 0; j < W; ++j) {
        const auto lane = static_cast<std::size_t>(j);
        const bool used = j < count;
        const int m = used ? slots[j] : 0;
        const auto bus = 2 * static_cast<std::size_t>(m);
        State::MixState& mix = st.mix[static_cast<std::size_t>(m)];
        const MixTargets& t = s.mix[static_cast<std::size_t>(m)];
        float* to_l = used ? outputs[2 * m] : nullptr;
        float* to_r = used ? outputs[2 * m + 1] : nullptr;
        v.in_l[lane] = used ? st.bus[bus].data() : st.silence.data();
        v.in_r[lane] = used ? st.bus[bus + 1].data() : st.silence.data();
        // An unconnected side is still limited and metered.
        v.out_l[lane] = !used ? st.discard.data() : to_l ? to_l + offset : st.bus[bus].data();
        v.out_r[lane] = !used ? st.discard.data() : to_r ? to_r + offset : st.bus[bus + 1].data();
        const bool eq = used && t.eq_enabled;
        v.any_eq = v.any_eq || eq;
        v.eq_on[j] = eq ? -1 : 0;
        for (std::size_t band = 0; band < 3; ++band) {
            const BiquadCoefficients c = eq ? t.eq[band] : BiquadCoefficients{};
            v.b[0][band][j] = c.b0, v.b[1][band][j] = c.b1, v.b[2][band][j] = c.b2, v.b[3][band][j] = c.a1,
            v.b[4][band][j] = c.a2;
            for (std::size_t side = 0; side < 2; ++side) {
                v.z1[side][band][j] = eq ? mix.eq[side][band].z1() : 0.0f;
                v.z2[side][band][j] = eq ? mix.eq[side][band].z2() : 0.0f;
            }
        }
        v.master[j] = used && !master_and_mono(m, n) ? mix.master.value() : 1.0f;
        v.gain[j] = used ? mix.limiter.gain() : 1.0f;
        v.ceiling[j] = used ? t.ceiling : 1.0f;
    }
}

// What the pass changed back into each used lane's mix: limiter gain, filter memories, meters.
template <int W>
void Engine::store_mixes(const MixLanes<W>& v, const Snapshot& s, const uint16_t* slots, int count,
                         uint32_t n) noexcept {
    State& st = *state_;
    for (int j = 0; j < count; ++j) {
        const int m = slots[j];
        State::MixState& mix = st.mix[static_cast<std::size_t>(m)];
        mix.limiter.gain() = v.gain[j];
        if (s.mix[static_cast<std::size_t>(m)].eq_enabled) {
            for (std::size_t band = 0; band < 3; ++band)
                for (std::size_t side = 0; side < 2; ++side) {
                    Biquad& f = mix.eq[side][band];
                    f.z1() = v.z1[side][band][j];
                    f.z2() = v.z2[side][band][j];
                    // An overflowing bus (huge but finite inputs times gain) can leave Inf/NaN in a
                    // filter's memory, which would keep the mix silent forever: start it afresh.
                    if (!f.finite()) f.reset();
                }
        }
        meters_->mix[static_cast<std::size_t>(m)][0].update({v.peak_l[j], v.sum_l[j]}, n, st.meter_fall, st.meter_rms);
        meters_->mix[static_cast<std::size_t>(m)][1].update({v.peak_r[j], v.sum_r[j]}, n, st.meter_fall, st.meter_rms);
    }
}

}  // namespace headamp::core
