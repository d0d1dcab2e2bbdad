// Graph -> Snapshot: every pow/log/sin of the engine happens here, on the control thread.
#include "core/snapshot.hpp"

#include <algorithm>
#include <cmath>

#include "core/db.hpp"
#include "core/pan_law.hpp"

namespace headamp::core {

namespace {

bool any_solo(const Graph& graph, const Mix& mix) {
    return std::any_of(graph.sources.begin(), graph.sources.end(),
                       [&](const Source& s) { return mix.send_for(s.name).solo; });
}

void compile_sends(const Graph& graph, const Mix& mix, MixTargets& out) {
    const bool soloing = any_solo(graph, mix);
    for (const Source& source : graph.sources) {
        const Send& send = mix.send_for(source.name);
        const bool audible = !send.mute && (!soloing || send.solo);
        const double level = audible ? db_to_gain(send.level_db) : 0.0;
        if (source.stereo()) {
            // Left channel to the left bus only, right to the right bus only: never folded.
            const StereoGains b = balance_gains(send.pan);
            out.send[static_cast<std::size_t>(source.channels[0])] = {static_cast<float>(level * b.left), 0.0f};
            out.send[static_cast<std::size_t>(source.channels[1])] = {0.0f, static_cast<float>(level * b.right)};
        } else {
            const StereoGains p = pan_gains(mix.pan_law, send.pan);
            out.send[static_cast<std::size_t>(source.channels[0])] = {static_cast<float>(level * p.left),
                                                                      static_cast<float>(level * p.right)};
        }
    }
}

}  // namespace

std::unique_ptr<Snapshot> compile(const Graph& graph, double sample_rate) {
    auto s = std::make_unique<Snapshot>();
    s->sample_rate = sample_rate;
    s->ramp_samples = std::max<int32_t>(1, static_cast<int32_t>(std::lround(kRampSeconds * sample_rate)));
    s->limiter_release = static_cast<float>(1.0 - std::exp(-1.0 / (kLimiterReleaseSeconds * sample_rate)));
    for (const Source& source : graph.sources) {
        const float trim = static_cast<float>(db_to_gain(source.trim_db) * (source.invert ? -1.0 : 1.0));
        for (int i = 0; i < (source.stereo() ? 2 : 1); ++i) {
            const int c = source.channels[static_cast<std::size_t>(i)];
            s->channels.push_back(static_cast<uint16_t>(c));
            s->trim[static_cast<std::size_t>(c)] = trim;
        }
    }
    std::sort(s->channels.begin(), s->channels.end());
    for (const Mix& mix : graph.mixes) {
        s->mixes.push_back(static_cast<uint16_t>(mix.slot));
        MixTargets& t = s->mix[static_cast<std::size_t>(mix.slot)];
        t.master = mix.mute ? 0.0f : static_cast<float>(db_to_gain(mix.master_db));
        t.mono = mix.mono ? 1.0f : 0.0f;
        t.ceiling = static_cast<float>(db_to_gain(mix.limiter_ceiling_db));
        t.eq_enabled = mix.eq.enabled;
        t.eq = {design_low_shelf(sample_rate, mix.eq.low.freq_hz, mix.eq.low.gain_db, mix.eq.low.q),
                design_peaking(sample_rate, mix.eq.mid.freq_hz, mix.eq.mid.gain_db, mix.eq.mid.q),
                design_high_shelf(sample_rate, mix.eq.high.freq_hz, mix.eq.high.gain_db, mix.eq.high.q)};
        compile_sends(graph, mix, t);
    }
    std::sort(s->mixes.begin(), s->mixes.end());
    return s;
}

}  // namespace headamp::core
