// Validation and naming helpers for the graph model.
#include "core/graph.hpp"

#include <cmath>
#include <set>

namespace headamp::core {

const Send& Mix::send_for(const std::string& source) const {
    static const Send kDefault{};
    auto it = sends.find(source);
    return it == sends.end() ? kDefault : it->second;
}

std::string input_port_name(const Source& source, int channel) {
    return source.stereo() ? source.name + (channel == 0 ? "_L" : "_R") : source.name;
}

std::string output_port_name(const Mix& mix, int side) { return mix.name + (side == 0 ? "_L" : "_R"); }

namespace {

std::optional<std::string> check_range(const std::string& what, double value, double lo, double hi) {
    if (!std::isfinite(value)) return what + " must be a finite number";
    if (value < lo || value > hi) return what + " must be between " + std::to_string(lo) + " and " + std::to_string(hi);
    return std::nullopt;
}

std::optional<std::string> check_band(const std::string& what, const EqBand& band) {
    if (auto e = check_range(what + " frequency", band.freq_hz, 10.0, 24000.0)) return e;
    if (auto e = check_range(what + " gain", band.gain_db, -kMaxEqGainDb, kMaxEqGainDb)) return e;
    return check_range(what + " Q", band.q, 0.1, 20.0);
}

}  // namespace

std::optional<std::string> validate(const Graph& graph) {
    std::set<std::string> names;
    std::set<int> channels;
    for (const Source& s : graph.sources) {
        if (s.name.empty()) return std::string("a source has an empty name");
        if (!names.insert(s.name).second) return "source name '" + s.name + "' is used twice";
        for (int i = 0; i < (s.stereo() ? 2 : 1); ++i) {
            int c = s.channels[static_cast<std::size_t>(i)];
            if (c < 0 || c >= kMaxChannels)
                return "source '" + s.name + "' has a channel slot outside 0.." + std::to_string(kMaxChannels - 1);
            if (!channels.insert(c).second)
                return "source '" + s.name + "' uses channel slot " + std::to_string(c) + " that another source uses";
        }
        if (auto e = check_range("trim of source '" + s.name + "'", s.trim_db, -kMaxTrimDb, kMaxTrimDb)) return e;
    }
    std::set<std::string> ports;
    for (const Source& s : graph.sources)
        for (int i = 0; i < (s.stereo() ? 2 : 1); ++i) ports.insert(input_port_name(s, i));
    for (const Mix& m : graph.mixes)
        for (int side = 0; side < 2; ++side)
            if (ports.count(output_port_name(m, side)))
                return "mix '" + m.name + "' would have the JACK port name '" + output_port_name(m, side) +
                       "' of a source's input; give the mix another name";
    std::set<std::string> mix_names;
    std::set<int> slots;
    for (const Mix& m : graph.mixes) {
        if (m.name.empty()) return std::string("a mix has an empty name");
        if (!mix_names.insert(m.name).second) return "mix name '" + m.name + "' is used twice";
        if (m.slot < 0 || m.slot >= kMaxMixes)
            return "mix '" + m.name + "' has a slot outside 0.." + std::to_string(kMaxMixes - 1);
        if (!slots.insert(m.slot).second) return "mix '" + m.name + "' uses a slot that another mix uses";
        if (auto e = check_range("master of mix '" + m.name + "'", m.master_db, kSilenceDb, kMaxMasterDb)) return e;
        if (auto e = check_range("limiter ceiling of mix '" + m.name + "'", m.limiter_ceiling_db, kMinCeilingDb,
                                 kMaxCeilingDb))
            return e;
        if (auto e = check_band("EQ low band of mix '" + m.name + "'", m.eq.low)) return e;
        if (auto e = check_band("EQ mid band of mix '" + m.name + "'", m.eq.mid)) return e;
        if (auto e = check_band("EQ high band of mix '" + m.name + "'", m.eq.high)) return e;
        for (const auto& [source, send] : m.sends) {
            const std::string what = "send of '" + source + "' in mix '" + m.name + "'";
            if (auto e = check_range("level of " + what, send.level_db, -1e300, kMaxSendDb)) return e;
            if (auto e = check_range("pan of " + what, send.pan, -1.0, 1.0)) return e;
        }
    }
    return std::nullopt;
}

const char* to_string(PanLaw law) {
    switch (law) {
        case PanLaw::ConstantPower: return "-3dB";
        case PanLaw::Linear: return "-6dB";
        case PanLaw::ZeroDb: return "0dB";
    }
    return "-3dB";
}

std::optional<PanLaw> pan_law_from_string(const std::string& text) {
    if (text == "-3dB" || text == "-3" || text == "constant-power") return PanLaw::ConstantPower;
    if (text == "-6dB" || text == "-6" || text == "linear") return PanLaw::Linear;
    if (text == "0dB" || text == "0") return PanLaw::ZeroDb;
    return std::nullopt;
}

}  // namespace headamp::core
