// Graph + bindings -> PortPlan (pure; see port_plan.hpp).
#include "jack/port_plan.hpp"

namespace headamp::jack {

PortPlan plan_ports(const core::Graph& graph, const PortBindings& bindings) {
    PortPlan plan;
    for (const core::Source& s : graph.sources) {
        const int channels = s.stereo() ? 2 : 1;
        const auto bound = bindings.sources.find(s.name);
        for (int i = 0; i < channels; ++i) {
            const int slot = s.channels[static_cast<std::size_t>(i)];
            plan.inputs[static_cast<std::size_t>(slot)] = core::input_port_name(s, i);
            if (bound != bindings.sources.end() && static_cast<std::size_t>(i) < bound->second.size() &&
                !bound->second[static_cast<std::size_t>(i)].empty())
                plan.links.push_back({true, slot, bound->second[static_cast<std::size_t>(i)]});
        }
    }
    for (const core::Mix& m : graph.mixes) {
        for (int side = 0; side < 2; ++side)
            plan.outputs[static_cast<std::size_t>(2 * m.slot + side)] = core::output_port_name(m, side);
        const auto bound = bindings.mixes.find(m.name);
        if (bound == bindings.mixes.end()) continue;
        for (int side = 0; side < 2; ++side)
            if (!bound->second[static_cast<std::size_t>(side)].empty())
                plan.links.push_back({false, 2 * m.slot + side, bound->second[static_cast<std::size_t>(side)]});
    }
    return plan;
}

}  // namespace headamp::jack
