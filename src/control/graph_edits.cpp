// State edits (see graph_edits.hpp).
#include "control/graph_edits.hpp"

#include <algorithm>
#include <cctype>

#include "control/request.hpp"

namespace headamp::control {

namespace {

bool source_name_used(const core::Graph& g, const std::string& name) {
    return std::any_of(g.sources.begin(), g.sources.end(), [&](const core::Source& s) { return s.name == name; });
}

// "in1" -> "in2"; "keys" -> "keys_R"; made unique by a counter if needed.
std::string right_name(const core::Graph& g, const std::string& left) {
    std::size_t digits = left.size();
    while (digits > 0 && std::isdigit(static_cast<unsigned char>(left[digits - 1]))) --digits;
    std::string candidate;
    if (digits < left.size() && left.size() - digits < 9)
        candidate = left.substr(0, digits) + std::to_string(std::stoi(left.substr(digits)) + 1);
    if (candidate.empty() || source_name_used(g, candidate)) candidate = left + "_R";
    for (int n = 2; source_name_used(g, candidate); ++n) candidate = left + "_R" + std::to_string(n);
    return candidate;
}

}  // namespace

void check_new_name(const std::string& name, const char* what) {
    if (name.empty() || name.size() > 32)
        throw RequestError(std::string("a ") + what + " name must be 1 to 32 characters long");
    for (unsigned char c : name)
        if (c < 0x21 || c == 0x7f || c == ':' || c == ',')
            throw RequestError(std::string("a ") + what +
                               " name must not contain spaces, control characters, ':' or ','");
    if (std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isdigit(c); }))
        throw RequestError(std::string("a ") + what + " name must not be a number (numbers address " + what +
                           "es by position)");
}

void link_source(State& state, std::size_t index) {
    core::Graph& g = state.graph;
    const core::Source left = g.sources.at(index);
    if (left.stereo()) throw RequestError("source '" + left.name + "' is already a linked stereo pair");
    const int next = left.channels[0] + 1;
    const auto right_it =
        std::find_if(g.sources.begin(), g.sources.end(), [&](const core::Source& s) { return s.channels[0] == next; });
    if (right_it == g.sources.end() || right_it->stereo())
        throw RequestError("source '" + left.name + "' has no mono source on the next channel (slot " +
                           std::to_string(next) + ") to link with");
    const core::Source right = *right_it;
    g.sources.erase(right_it);
    for (core::Source& s : g.sources)
        if (s.name == left.name) s.channels[1] = next;
    // The pair keeps the left source's level; it is muted only if both were, soloed if either was;
    // the pan of a mono source means nothing as a balance, so the pair starts balanced.
    for (core::Mix& m : g.mixes) {
        const core::Send l = m.send_for(left.name);
        const core::Send r = m.send_for(right.name);
        core::Send pair = l;
        pair.pan = 0.0;
        pair.mute = l.mute && r.mute;
        pair.solo = l.solo || r.solo;
        m.sends.erase(right.name);
        if (pair == core::Send{})
            m.sends.erase(left.name);
        else
            m.sends[left.name] = pair;
    }
    auto& ports = state.bindings.sources;
    std::vector<std::string> pair_ports(2);
    if (auto it = ports.find(left.name); it != ports.end() && !it->second.empty()) pair_ports[0] = it->second[0];
    if (auto it = ports.find(right.name); it != ports.end() && !it->second.empty()) pair_ports[1] = it->second[0];
    ports.erase(right.name);
    if (pair_ports[0].empty() && pair_ports[1].empty())
        ports.erase(left.name);
    else
        ports[left.name] = pair_ports;
}

void unlink_source(State& state, std::size_t index) {
    core::Graph& g = state.graph;
    core::Source& pair = g.sources.at(index);
    if (!pair.stereo()) throw RequestError("source '" + pair.name + "' is mono; only a linked pair can be unlinked");
    core::Source right;
    right.name = right_name(g, pair.name);
    right.channels = {pair.channels[1], -1};
    right.trim_db = pair.trim_db;
    right.invert = pair.invert;
    pair.channels[1] = -1;
    const std::string left_name = pair.name;
    g.sources.insert(g.sources.begin() + static_cast<std::ptrdiff_t>(index) + 1, right);
    for (core::Mix& m : g.mixes) {
        auto it = m.sends.find(left_name);
        if (it == m.sends.end()) continue;
        it->second.pan = 0.0;  // docs/ARCHITECTURE.md, stereo rule 1: mono sources are centred
        m.sends[right.name] = it->second;
    }
    auto& ports = state.bindings.sources;
    if (auto it = ports.find(left_name); it != ports.end()) {
        const std::vector<std::string> old = it->second;
        it->second.resize(1);
        if (old.size() > 1 && !old[1].empty()) ports[right.name] = {old[1]};
    }
}

void add_mix(State& state, const std::string& name, const std::optional<std::array<std::string, 2>>& output) {
    check_new_name(name, "mix");
    core::Graph& g = state.graph;
    for (const core::Mix& m : g.mixes)
        if (m.name == name) throw RequestError("there is a mix named '" + name + "' already");
    int slot = 0;
    while (slot < core::kMaxMixes &&
           std::any_of(g.mixes.begin(), g.mixes.end(), [&](const core::Mix& m) { return m.slot == slot; }))
        ++slot;
    if (slot == core::kMaxMixes)
        throw RequestError("all " + std::to_string(core::kMaxMixes) + " mix slots are in use; remove a mix first");
    core::Mix m;
    m.name = name;
    m.slot = slot;
    g.mixes.push_back(m);
    if (output) state.bindings.mixes[name] = *output;
}

void remove_mix(State& state, std::size_t index) {
    const std::string name = state.graph.mixes.at(index).name;
    state.graph.mixes.erase(state.graph.mixes.begin() + static_cast<std::ptrdiff_t>(index));
    state.bindings.mixes.erase(name);
}

double step_level(double current_db, double step_db, double max_db) {
    const double base = current_db < core::kFaderFloorDb
                            ? (step_db > 0 ? core::kFaderFloorDb - step_db : core::kFaderFloorDb)
                            : current_db;
    const double next = base + step_db;
    if (next < core::kFaderFloorDb - 1e-9) return core::kSilenceDb;
    return std::min(next, max_db);
}

}  // namespace headamp::control
