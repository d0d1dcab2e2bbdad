// Default patching (see default_patch.hpp).
#include "jack/default_patch.hpp"

#include <algorithm>

namespace headamp::jack {

void apply_default_patch(core::Graph& graph, PortBindings& bindings, const std::vector<std::string>& capture,
                         const std::vector<std::string>& playback) {
    if (graph.sources.empty()) {
        const int n = std::min<int>(static_cast<int>(capture.size()), core::kMaxChannels);
        for (int i = 0; i < n; ++i) {
            core::Source s;
            s.name = "in" + std::to_string(i + 1);
            s.channels = {i, -1};  // docs/ARCHITECTURE.md, stereo rule 1: every channel a mono source, centred
            graph.sources.push_back(s);
            bindings.sources[s.name] = {capture[static_cast<std::size_t>(i)]};
        }
    }
    if (graph.mixes.empty()) {
        core::Mix m;
        m.name = "mix1";
        m.slot = 0;
        graph.mixes.push_back(m);
    }
    if (playback.size() < 2) return;
    const bool any_bound = std::any_of(graph.mixes.begin(), graph.mixes.end(),
                                       [&](const core::Mix& m) { return bindings.mixes.count(m.name) != 0; });
    if (!any_bound) bindings.mixes[graph.mixes.front().name] = {playback[0], playback[1]};
}

}  // namespace headamp::jack
