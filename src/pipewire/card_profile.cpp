// A card's PipeWire profile and who drives its output volume (see card_profile.hpp).
#include "pipewire/card_profile.hpp"

namespace headamp::pipewire {

namespace {

bool pro_audio(const CardNode& node) { return node.mapping.rfind("pro-", 0) == 0; }

}  // namespace

CardProfile card_profile(const std::vector<CardNode>& nodes) {
    CardProfile p;
    std::string outputs, inputs;  // WirePlumber's profile name: "output:<mapping>+input:<mapping>"
    bool pro = false;
    for (const CardNode& node : nodes) {
        p.nodes.push_back(node.name);
        if (p.description.empty()) p.description = node.description;
        if (node.mapping.empty()) continue;
        pro = pro || pro_audio(node);
        std::string& part = node.sink ? outputs : inputs;
        part += (part.empty() ? "" : "+") + std::string(node.sink ? "output:" : "input:") + node.mapping;
        // ACP's hardware mixer paths drive the PCM volume of a desktop sink unless told to stay in software.
        if (node.sink && !pro_audio(node) && !node.soft_mixer) p.pipewire_drives_volume = true;
    }
    p.profile = pro ? "pro-audio" : outputs + (outputs.empty() || inputs.empty() ? "" : "+") + inputs;
    return p;
}

}  // namespace headamp::pipewire
