// Fuzz target: headamp.conf, the hand-written TOML config file, through parse_config as load_config uses it.
#include "fuzz_target.hpp"

#include <string>

#include "core/graph.hpp"
#include "graph_checks.hpp"
#include "state/config.hpp"

using namespace headamp;

namespace {

bool power_of_two(int v) { return v > 0 && (v & (v - 1)) == 0; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    state::Config config;
    try {
        config = state::parse_config(text, "fuzz.conf");
    } catch (const state::ConfigError& e) {
        // Every refusal points into the file, so that the user can find what to fix.
        FUZZ_CHECK(std::string(e.what()).rfind("fuzz.conf", 0) == 0, e.what());
        return 0;
    }
    // Anything else thrown (or a crash) escapes to libFuzzer as a finding: headampd would die on a typo.
    FUZZ_CHECK(!core::validate(config.graph), *core::validate(config.graph));
    const state::JackSettings& jack = config.jack;
    FUZZ_CHECK(jack.server_rate >= 8000 && jack.server_rate <= 384000, std::to_string(jack.server_rate));
    FUZZ_CHECK(power_of_two(jack.server_period) && power_of_two(jack.bridge_period), "a period is not a power of two");
    FUZZ_CHECK(jack.server_nperiods >= 2 && jack.bridge_nperiods >= 2, "fewer than two periods");
    FUZZ_CHECK(!jack.server || !jack.server->empty(), "an empty server name");
    for (const core::Source& source : config.graph.sources) {
        const auto ports = config.source_ports.find(source.name);
        FUZZ_CHECK(ports != config.source_ports.end() && ports->second.size() == (source.stereo() ? 2u : 1u),
                   "source '" + source.name + "' has not one JACK port per channel");
    }
    for (const auto& [mix, outputs] : config.mix_outputs)
        FUZZ_CHECK(!outputs[0].empty() && !outputs[1].empty(), "mix '" + mix + "' has an empty output port");
    fuzz::check_graph_compiles(config.graph);
    return 0;
}
