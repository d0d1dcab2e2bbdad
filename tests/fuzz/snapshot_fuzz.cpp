// Fuzz target: a snapshot file (JSON), read as snapshot_load reads it: parsed, turned into a state,
// validated; and a state that is accepted saves and loads back to the same sound.
#include "fuzz_target.hpp"

#include <string>

#include "control/request.hpp"
#include "control/state_json.hpp"
#include "core/graph.hpp"
#include "core/snapshot.hpp"
#include "graph_checks.hpp"

using namespace headamp;
using nlohmann::json;

namespace {

bool same(const core::BiquadCoefficients& a, const core::BiquadCoefficients& b) {
    return a.b0 == b.b0 && a.b1 == b.b1 && a.b2 == b.b2 && a.a1 == b.a1 && a.a2 == b.a2;
}

// The engine's view of two graphs is the same, number for number.
bool same_sound(const core::Graph& a, const core::Graph& b) {
    const auto sa = core::compile(a, 48000.0);
    const auto sb = core::compile(b, 48000.0);
    if (sa->channels != sb->channels || sa->mixes != sb->mixes || sa->trim != sb->trim) return false;
    for (std::size_t slot = 0; slot < sa->mix.size(); ++slot) {
        const core::MixTargets& x = sa->mix[slot];
        const core::MixTargets& y = sb->mix[slot];
        if (x.master != y.master || x.mono != y.mono || x.ceiling != y.ceiling || x.eq_enabled != y.eq_enabled ||
            x.send != y.send)
            return false;
        for (std::size_t band = 0; band < x.eq.size(); ++band)
            if (!same(x.eq[band], y.eq[band])) return false;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    json content;
    try {
        content = json::parse(data, data + size);
    } catch (const json::exception&) {
        return 0;  // Snapshots::load: "is not valid JSON"
    }
    control::State state;
    try {
        state = control::state_from_json(content);
    } catch (const control::RequestError&) {
        return 0;  // the user is told what is wrong with the file; any other exception is a finding
    }
    if (core::validate(state.graph)) return 0;  // refused by snapshot_load
    fuzz::check_graph_compiles(state.graph);

    // snapshot_save writes state_to_json; loading that gives the same graph and bindings back.
    const json saved = control::state_to_json(state.graph, state.bindings);
    const control::State again = control::state_from_json(json::parse(saved.dump(2)));
    FUZZ_CHECK(!core::validate(again.graph), *core::validate(again.graph));
    FUZZ_CHECK(same_sound(state.graph, again.graph), "a saved snapshot loads back sounding different: " + saved.dump());
    FUZZ_CHECK(again.bindings == state.bindings, "a saved snapshot loads back with other ports: " + saved.dump());
    return 0;
}
