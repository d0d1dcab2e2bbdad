// Screen model updates (see model.hpp).
#include "cli/tui/model.hpp"

namespace headamp::cli::tui {

void Model::apply_state(const nlohmann::json& state) {
    std::string mix_name = has_mix() ? current_mix()["name"].get<std::string>() : "";
    sources = state.at("sources");
    mixes = state.at("mixes");
    // Stay on the same mix by name when mixes come and go.
    for (std::size_t i = 0; i < mixes.size(); ++i)
        if (mixes[i]["name"] == mix_name) mix = i;
    if (mix >= mixes.size()) mix = mixes.empty() ? 0 : mixes.size() - 1;
    if (selected > sources.size()) selected = sources.size();
    dirty = true;
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
