// Device patching (see device_patch.hpp).
#include "devices/device_patch.hpp"

#include <algorithm>

namespace headamp::devices {

namespace {

bool source_name_taken(const core::Graph& g, const std::string& name) {
    return std::any_of(g.sources.begin(), g.sources.end(), [&](const core::Source& s) { return s.name == name; });
}

bool mix_name_taken(const core::Graph& g, const std::string& name) {
    return std::any_of(g.mixes.begin(), g.mixes.end(), [&](const core::Mix& m) { return m.name == name; });
}

// Source and mix names share the JACK port namespace ("x" vs "x_L"), so a name is free only when
// neither a source nor a mix has it.
std::string unique_name(const core::Graph& g, const std::string& wanted) {
    const auto taken = [&](const std::string& n) { return source_name_taken(g, n) || mix_name_taken(g, n); };
    if (!taken(wanted)) return wanted;
    for (int k = 2;; ++k) {
        std::string candidate = wanted + "-" + std::to_string(k);
        if (!taken(candidate)) return candidate;
    }
}

std::set<int> used_channel_slots(const core::Graph& g) {
    std::set<int> used;
    for (const core::Source& s : g.sources)
        for (int c : s.channels)
            if (c >= 0) used.insert(c);
    return used;
}

std::optional<int> free_channel_slot(const std::set<int>& used) {
    for (int c = 0; c < core::kMaxChannels; ++c)
        if (!used.count(c)) return c;
    return std::nullopt;
}

std::optional<int> free_mix_slot(const core::Graph& g) {
    for (int slot = 0; slot < core::kMaxMixes; ++slot)
        if (std::none_of(g.mixes.begin(), g.mixes.end(), [&](const core::Mix& m) { return m.slot == slot; }))
            return slot;
    return std::nullopt;
}

core::Mix* find_mix(core::Graph& g, const std::string& name) {
    for (core::Mix& m : g.mixes)
        if (m.name == name) return &m;
    return nullptr;
}

int index_of(const std::vector<std::string>& ports, const std::string& port) {
    const auto it = std::find(ports.begin(), ports.end(), port);
    return it == ports.end() ? -1 : static_cast<int>(it - ports.begin());
}

// Adds a source on the given device channels; false when they are out of range, already taken or
// when the engine has no channel slots left.
bool add_source(Patch& patch, const DevicePorts& device, const SavedSource& saved, std::set<int>& used_slots,
                std::set<int>& used_channels, std::map<std::string, std::string>& renamed, Added& added) {
    if (saved.channels.empty() || saved.channels.size() > 2) return false;
    for (int ch : saved.channels)
        if (ch < 0 || ch >= static_cast<int>(device.capture.size()) || used_channels.count(ch)) return false;
    if (saved.channels.size() == 2 && saved.channels[0] == saved.channels[1]) return false;
    core::Source source;
    source.name = unique_name(patch.graph, saved.name);
    source.trim_db = saved.trim_db;
    source.invert = saved.invert;
    std::vector<std::string> ports;
    for (std::size_t i = 0; i < saved.channels.size(); ++i) {
        const std::optional<int> slot = free_channel_slot(used_slots);
        if (!slot) return false;
        used_slots.insert(*slot);
        source.channels[i] = *slot;
        ports.push_back(device.capture[static_cast<std::size_t>(saved.channels[i])]);
    }
    for (int ch : saved.channels) used_channels.insert(ch);
    renamed[saved.name] = source.name;
    patch.bindings.sources[source.name] = ports;
    added.sources.push_back(source.name);
    patch.graph.sources.push_back(std::move(source));
    return true;
}

bool bound(const Patch& patch, const std::string& mix) { return patch.bindings.mixes.count(mix) != 0; }

std::vector<std::string> device_sources(const Patch& patch, const DevicePorts& device);
int bound_pair(const Patch& patch, const DevicePorts& device, const std::string& mix);

}  // namespace

Added add_device(Patch& patch, const DevicePorts& device, const std::optional<DeviceProfile>& profile) {
    Added added;
    std::set<int> used_slots = used_channel_slots(patch.graph);
    std::set<int> used_channels;  // device channels already in a source
    for (const auto& [name, ports] : patch.bindings.sources)
        for (const std::string& port : ports)
            if (const int ch = index_of(device.capture, port); ch >= 0) used_channels.insert(ch);
    std::map<std::string, std::string> renamed;  // saved source name -> name it has now
    if (profile)
        for (const SavedSource& saved : profile->sources)
            add_source(patch, device, saved, used_slots, used_channels, renamed, added);
    // docs/ARCHITECTURE.md, stereo rule 1: every channel not linked by the user is a mono source, centred.
    for (int ch = 0; ch < static_cast<int>(device.capture.size()); ++ch) {
        if (used_channels.count(ch)) continue;
        SavedSource mono;
        mono.name = device.label + "-in" + std::to_string(ch + 1);
        mono.channels = {ch};
        add_source(patch, device, mono, used_slots, used_channels, renamed, added);
    }

    const int pairs = static_cast<int>(device.playback.size()) / 2;
    const auto bind = [&](const std::string& mix, int pair) {
        const auto p = static_cast<std::size_t>(2 * pair);
        patch.bindings.mixes[mix] = {device.playback[p], device.playback[p + 1]};
    };
    std::set<int> pairs_used;
    for (const core::Mix& mix : patch.graph.mixes)
        if (const int pair = bound_pair(patch, device, mix.name); pair >= 0) pairs_used.insert(pair);
    if (profile) {
        for (const SavedOutput& out : profile->outputs) {
            if (out.pair < 0 || out.pair >= pairs || pairs_used.count(out.pair)) continue;
            core::Mix* mix = find_mix(patch.graph, out.mix.name);
            if (mix && bound(patch, mix->name)) continue;  // it plays somewhere else now: leave it there
            if (!mix) {
                const std::optional<int> slot = free_mix_slot(patch.graph);
                if (!slot || source_name_taken(patch.graph, out.mix.name)) continue;
                patch.graph.mixes.push_back(out.mix);
                mix = &patch.graph.mixes.back();
                mix->slot = *slot;
                added.created_mixes.push_back(mix->name);
            } else {
                const int slot = mix->slot;
                *mix = out.mix;
                mix->slot = slot;
            }
            bind(mix->name, out.pair);
            pairs_used.insert(out.pair);
        }
    }
    if (pairs > 0 && pairs_used.empty()) {
        const auto free_mix = std::find_if(patch.graph.mixes.begin(), patch.graph.mixes.end(),
                                           [&](const core::Mix& m) { return !bound(patch, m.name); });
        if (free_mix != patch.graph.mixes.end()) {
            bind(free_mix->name, 0);
        } else if (const std::optional<int> slot = free_mix_slot(patch.graph)) {
            core::Mix mix;
            mix.name = unique_name(patch.graph, device.label + "-mix");
            mix.slot = *slot;
            patch.graph.mixes.push_back(mix);
            added.created_mixes.push_back(mix.name);
            bind(mix.name, 0);
        }
    }

    if (profile)
        for (const auto& [mix_name, sends] : profile->sends) {
            core::Mix* mix = find_mix(patch.graph, mix_name);
            if (!mix) continue;
            for (const auto& [source, send] : sends) {
                const auto now = renamed.find(source);
                if (now != renamed.end()) mix->sends[now->second] = send;
            }
        }
    return added;
}

namespace {

// The device's sources: those whose every channel comes from one of its capture ports.
std::vector<std::string> device_sources(const Patch& patch, const DevicePorts& device) {
    std::vector<std::string> names;
    for (const core::Source& s : patch.graph.sources) {
        const auto it = patch.bindings.sources.find(s.name);
        if (it == patch.bindings.sources.end() || it->second.empty()) continue;
        if (std::all_of(it->second.begin(), it->second.end(),
                        [&](const std::string& port) { return index_of(device.capture, port) >= 0; }))
            names.push_back(s.name);
    }
    return names;
}

// The playback pair a mix's binding names on the device, or -1: L on an even channel, R next to it.
int bound_pair(const Patch& patch, const DevicePorts& device, const std::string& mix) {
    const auto it = patch.bindings.mixes.find(mix);
    if (it == patch.bindings.mixes.end()) return -1;
    const int left = index_of(device.playback, it->second[0]);
    const int right = index_of(device.playback, it->second[1]);
    if (left < 0 || left % 2 != 0 || right != left + 1) return -1;
    return left / 2;
}

}  // namespace

void remove_device(Patch& patch, const DevicePorts& device, const std::vector<std::string>& created_mixes,
                   const std::set<std::string>& keep) {
    std::vector<std::string> sources = device_sources(patch, device);
    std::erase_if(sources, [&](const std::string& name) { return keep.count(name) != 0; });
    const auto is_device_source = [&](const std::string& name) {
        return std::find(sources.begin(), sources.end(), name) != sources.end();
    };
    std::erase_if(patch.graph.sources, [&](const core::Source& s) { return is_device_source(s.name); });
    for (const std::string& name : sources) patch.bindings.sources.erase(name);
    for (core::Mix& mix : patch.graph.mixes)
        std::erase_if(mix.sends, [&](const auto& entry) { return is_device_source(entry.first); });

    std::vector<std::string> unbound;
    for (const core::Mix& mix : patch.graph.mixes) {
        const auto it = patch.bindings.mixes.find(mix.name);
        if (it == patch.bindings.mixes.end()) continue;
        if (keep.count(mix.name)) continue;
        if (index_of(device.playback, it->second[0]) >= 0 || index_of(device.playback, it->second[1]) >= 0)
            unbound.push_back(mix.name);
    }
    for (const std::string& name : unbound) {
        patch.bindings.mixes.erase(name);
        if (std::find(created_mixes.begin(), created_mixes.end(), name) != created_mixes.end())
            std::erase_if(patch.graph.mixes, [&](const core::Mix& m) { return m.name == name; });
    }
}

DeviceProfile extract_profile(const Patch& patch, const DevicePorts& device) {
    DeviceProfile profile;
    const std::vector<std::string> sources = device_sources(patch, device);
    for (const core::Source& s : patch.graph.sources) {
        if (std::find(sources.begin(), sources.end(), s.name) == sources.end()) continue;
        SavedSource saved;
        saved.name = s.name;
        for (const std::string& port : patch.bindings.sources.at(s.name))
            saved.channels.push_back(index_of(device.capture, port));
        saved.trim_db = s.trim_db;
        saved.invert = s.invert;
        profile.sources.push_back(std::move(saved));
    }
    for (const core::Mix& mix : patch.graph.mixes) {
        const int pair = bound_pair(patch, device, mix.name);
        if (pair >= 0) {
            SavedOutput out;
            out.pair = pair;
            out.mix = mix;
            out.mix.slot = -1;  // slots are given out afresh on every plug
            profile.outputs.push_back(std::move(out));
        }
        for (const std::string& source : sources) {
            const auto send = mix.sends.find(source);
            if (send != mix.sends.end()) profile.sends[mix.name][source] = send->second;
        }
    }
    return profile;
}

DeviceProfile keep_unseen(DeviceProfile now, const DeviceProfile& before, const DevicePorts& device) {
    const auto channels = static_cast<int>(device.capture.size());
    const auto pairs = static_cast<int>(device.playback.size()) / 2;
    const auto has_source = [&](const std::string& name) {
        return std::any_of(now.sources.begin(), now.sources.end(),
                           [&](const SavedSource& s) { return s.name == name; });
    };
    for (const SavedSource& saved : before.sources) {
        const bool unseen = !saved.channels.empty() && std::all_of(saved.channels.begin(), saved.channels.end(),
                                                                   [&](int ch) { return ch >= channels; });
        if (!unseen || has_source(saved.name)) continue;
        now.sources.push_back(saved);
        for (const auto& [mix, sends] : before.sends)
            if (const auto it = sends.find(saved.name); it != sends.end())
                now.sends[mix].emplace(saved.name, it->second);
    }
    for (const SavedOutput& saved : before.outputs) {
        const bool taken = std::any_of(now.outputs.begin(), now.outputs.end(), [&](const SavedOutput& o) {
            return o.pair == saved.pair || o.mix.name == saved.mix.name;
        });
        if (saved.pair >= pairs && !taken) now.outputs.push_back(saved);
    }
    return now;
}

}  // namespace headamp::devices
