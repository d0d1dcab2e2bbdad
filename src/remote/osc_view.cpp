// The values and meters sent to control surfaces (see osc_view.hpp).
#include "remote/osc_view.hpp"

#include "control/name_match.hpp"
#include "control/volume_mapping.hpp"
#include "core/graph.hpp"

namespace headamp::remote {

using control::GraphRecord;
using control::MixRecord;
using control::SendRecord;

namespace {

OscValue send_value(const SendRecord& send, OscField field) {
    switch (field) {
        case OscField::Db: return static_cast<float>(send.level_db);
        case OscField::Fader: return static_cast<float>(control::db_to_position(send.level_db, core::kMaxSendDb));
        case OscField::Pan: return static_cast<float>(send.pan);
        case OscField::Mute: return std::int32_t{send.mute};
        case OscField::Solo: return std::int32_t{send.solo};
    }
    return std::int32_t{0};
}

OscValue master_value(const MixRecord& mix, OscField field) {
    if (field == OscField::Mute) return std::int32_t{mix.mute};
    return static_cast<float>(mix.master_db);
}

template <class Record>
std::vector<std::string> names_of(const std::vector<Record>& things) {
    std::vector<std::string> names;
    for (const Record& t : things) names.push_back(t.name);
    return names;
}

std::vector<OscValue> floats(const std::vector<double>& values) {
    std::vector<OscValue> out;
    for (double v : values) out.emplace_back(static_cast<float>(v));
    return out;
}

}  // namespace

std::vector<OscOut> osc_view(const GraphRecord& state) {
    std::vector<OscOut> view;
    constexpr OscField kSendFields[] = {OscField::Db, OscField::Fader, OscField::Pan, OscField::Mute, OscField::Solo};
    for (std::size_t m = 0; m < state.mixes.size(); ++m) {
        const MixRecord& mix = state.mixes[m];
        const std::string number = std::to_string(m + 1);
        for (std::size_t s = 0; s < mix.sends.size(); ++s)
            for (OscField f : kSendFields)
                view.push_back({address_of({number, std::to_string(s + 1), f}), {send_value(mix.sends[s], f)}});
        for (OscField f : {OscField::Db, OscField::Mute})
            view.push_back({address_of({number, std::nullopt, f}), {master_value(mix, f)}});
    }
    return view;
}

OscOut osc_query(const GraphRecord& state, const OscTarget& target, const std::string& address) {
    const MixRecord& mix = state.mixes[control::match_name(names_of(state.mixes), target.mix, "mix")];
    if (!target.source) return {address, {master_value(mix, target.field)}};
    const std::string& source =
        state.sources[control::match_name(names_of(state.sources), *target.source, "source")].name;
    const SendRecord* send = mix.send_for(source);
    return {address, {send_value(send ? *send : SendRecord{source, core::kSilenceDb}, target.field)}};
}

std::vector<OscOut> osc_meters(const control::MetersRecord& meters) {
    std::vector<OscOut> out;
    for (std::size_t i = 0; i < meters.sources.size(); ++i)
        out.push_back({"/ch/" + std::to_string(i + 1) + "/meter", floats(meters.sources[i].peak_db)});
    for (std::size_t i = 0; i < meters.mixes.size(); ++i)
        out.push_back({"/mix/" + std::to_string(i + 1) + "/meter", floats(meters.mixes[i].peak_db)});
    return out;
}

}  // namespace headamp::remote
