// The graph model: sources, mixes and per-mix sends as the user sees them (names, dB, pan), no audio.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace headamp::core {

// Fixed capacities so that everything the process callback touches is allocated once, up front.
inline constexpr int kMaxChannels = 256;  // input channel slots (one JACK input port each)
inline constexpr int kMaxMixes = 32;      // mix slots (two JACK output ports each)

enum class PanLaw {
    ConstantPower,  // -3 dB at centre (sin/cos), the default
    Linear,         // -6 dB at centre
    ZeroDb,         // 0 dB at centre, the far side attenuated only
};

// One user-editable send: how loud and where one source sits in one mix.
struct Send {
    double level_db = 0.0;  // -inf (written as <= kSilenceDb) .. +12 dB
    double pan = 0.0;       // -1 = left .. 0 = centre .. +1 = right; balance for stereo sources
    bool mute = false;
    bool solo = false;
    bool own = false;  // one of this mix's musician's own sources: "more me" moves them together
    bool operator==(const Send&) const = default;
};

struct EqBand {
    double freq_hz;
    double gain_db;
    double q;
    bool operator==(const EqBand&) const = default;
};

// Three RBJ bands: low shelf, peaking, high shelf. Flat and bypassed by default.
struct Eq {
    bool enabled = false;
    EqBand low{100.0, 0.0, 0.707};
    EqBand mid{1000.0, 0.0, 1.0};
    EqBand high{8000.0, 0.0, 0.707};
    bool operator==(const Eq&) const = default;
};

// What a musician hears as one thing: a mono channel or two adjacent channels linked as a stereo pair.
struct Source {
    std::string name;
    std::array<int, 2> channels{-1, -1};  // channel slots; channels[1] == -1 for a mono source
    double trim_db = 0.0;
    bool invert = false;  // polarity
    bool stereo() const { return channels[1] >= 0; }
    bool operator==(const Source&) const = default;
};

// One stereo headphone feed.
struct Mix {
    std::string name;
    int slot = -1;  // mix slot: output ports 2*slot (L) and 2*slot+1 (R) of the engine
    double master_db = 0.0;
    bool mute = false;
    bool mono = false;
    PanLaw pan_law = PanLaw::ConstantPower;
    Eq eq;
    double limiter_ceiling_db = -1.0;
    std::map<std::string, Send> sends;  // by source name; a source without an entry gets Send{}
    const Send& send_for(const std::string& source) const;
    bool operator==(const Mix&) const = default;
};

struct Graph {
    std::vector<Source> sources;
    std::vector<Mix> mixes;
    bool operator==(const Graph&) const = default;
};

// JACK short port names: mono source "vox" -> "vox"; stereo "keys" -> "keys_L", "keys_R";
// mix "cue" -> "cue_L", "cue_R". validate() refuses graphs where two of them would be equal.
std::string input_port_name(const Source& source, int channel);
std::string output_port_name(const Mix& mix, int side);

// Limits of the user-facing values; the control side rejects anything outside them.
inline constexpr double kSilenceDb = -120.0;  // at or below this a level is silence
// Faders and level steps work from here up; below it a level is off (kSilenceDb).
inline constexpr double kFaderFloorDb = -60.0;
inline constexpr double kMaxSendDb = 12.0;
inline constexpr double kMaxTrimDb = 24.0;
inline constexpr double kMaxMasterDb = 24.0;
inline constexpr double kMaxEqGainDb = 18.0;
inline constexpr double kMinCeilingDb = -60.0;
inline constexpr double kMaxCeilingDb = 0.0;

// Returns a message naming the first thing wrong with the graph (non-finite or out-of-range values,
// duplicate names, bad slots, a channel used twice), or nothing when it is valid.
std::optional<std::string> validate(const Graph& graph);

const char* to_string(PanLaw law);
std::optional<PanLaw> pan_law_from_string(const std::string& text);

}  // namespace headamp::core
