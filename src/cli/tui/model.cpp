// Screen model updates (see model.hpp).
#include "cli/tui/model.hpp"

namespace headamp::cli::tui {

void Model::apply_state(control::GraphRecord state) {
    const std::string mix_name = has_mix() ? current_mix().name : "";
    sources = std::move(state.sources);
    mixes = std::move(state.mixes);
    // Stay on the same mix by name when mixes come and go.
    for (std::size_t i = 0; i < mixes.size(); ++i)
        if (mixes[i].name == mix_name) mix = i;
    if (mix >= mixes.size()) mix = mixes.empty() ? 0 : mixes.size() - 1;
    if (selected > sources.size()) selected = sources.size();
    dirty = true;
}

control::SendRecord Model::send(std::size_t s) const {
    if (s < sources.size())
        if (const control::SendRecord* found = current_mix().send_for(sources[s].name)) return *found;
    return {};
}

void Model::apply_device(const std::string& action, const control::DeviceRecord& device) {
    for (auto it = devices.begin(); it != devices.end(); ++it)
        if (it->identity == device.identity) {
            devices.erase(it);
            break;
        }
    if (action != "removed") devices.push_back(device);
    if (device.identity == hardware.device && action == "removed") hardware.gone();
    dirty = true;
}

}  // namespace headamp::cli::tui
