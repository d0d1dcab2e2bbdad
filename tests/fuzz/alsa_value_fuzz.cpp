// Fuzz target: amixer's value syntax for one ALSA control ("-12dB", "3dB+", "80%", "5-", "on",
// item names, one per channel after commas), split by util/amixer_value's tokenizer and read against a
// control with any kind, range and dB scale.
// Input: kind, channels, range, a dB scale (TLV) built from one of the kernel's kinds, the current
// values, enumeration items (one per line), then the text.
#include "fuzz_target.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "alsa/value_syntax.hpp"
#include "util/amixer_value.hpp"

using namespace headamp;

namespace {

// Kernel TLV types (include/uapi/sound/tlv.h) and its "mute" level.
constexpr unsigned kDbScale = 1, kDbLinear = 2, kDbRange = 3, kDbMinmax = 4, kDbMinmaxMute = 5;
constexpr int kGainMute = -9999999;

// dB scales as drivers declare them: levels within +-327 dB in 1/100 dB, or the mute level; at most
// 10 dB per step. (snd-usb-audio's come from the device in 1/256 dB steps of 16-bit values.)
unsigned db_level(fuzz::FuzzInput& in) {
    const int centi = in.byte() % 8 == 0 ? kGainMute : in.integer<std::int16_t>();
    return static_cast<unsigned>(centi);
}
unsigned db_step(fuzz::FuzzInput& in) {
    const unsigned mute = in.byte() % 2 ? 0x10000 : 0;
    return (in.integer<std::uint16_t>() % 1001) | mute;
}

// A scale from min to max dB: drivers declare them rising.
std::vector<unsigned> with_range(unsigned type, unsigned a, unsigned b) {
    const auto lo = std::min(static_cast<int>(a), static_cast<int>(b));
    const auto hi = std::max(static_cast<int>(a), static_cast<int>(b));
    return {type, 8, static_cast<unsigned>(lo), static_cast<unsigned>(hi)};
}

std::vector<unsigned> db_tlv(fuzz::FuzzInput& in, unsigned choice, long raw_min, long raw_max) {
    switch (choice) {
        case 0: return {};  // no dB scale: percent only
        case 1: return {kDbScale, 8, db_level(in), db_step(in)};
        case 2: return with_range(kDbLinear, db_level(in), db_level(in));
        case 3: return with_range(kDbMinmax, db_level(in), db_level(in));
        case 4: return with_range(kDbMinmaxMute, db_level(in), db_level(in));
        default: {
            // Compound: consecutive raw ranges, each with a dB scale of its own (as many codecs have).
            std::vector<unsigned> tlv{kDbRange, 0};
            const unsigned entries = 1 + in.byte() % 3;
            long from = raw_min;
            for (unsigned i = 0; i < entries; ++i) {
                const long to = i + 1 == entries ? raw_max : from + std::min<long>(raw_max - from, in.byte() % 64);
                tlv.insert(tlv.end(), {static_cast<unsigned>(from), static_cast<unsigned>(to), kDbScale, 8,
                                       db_level(in), db_step(in)});
                if (to == raw_max) break;
                from = to + 1;
            }
            tlv[1] = static_cast<unsigned>((tlv.size() - 2) * sizeof(unsigned));
            return tlv;
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::FuzzInput in(data, size);
    alsa::ControlInfo c;
    c.id.name = "Fuzz Playback Volume";
    c.kind = static_cast<alsa::Kind>(in.byte() % 4);
    c.channels = in.byte() % 9;
    // INTEGER controls have 32-bit ranges, INTEGER64 ones any; the kernel keeps min <= max.
    if (in.byte() % 2 == 0) {
        c.raw_min = in.integer<std::int32_t>();
        c.raw_max = in.integer<std::int32_t>();
    } else {
        c.raw_min = in.integer<long>();
        c.raw_max = in.integer<long>();
    }
    if (c.raw_max < c.raw_min) std::swap(c.raw_min, c.raw_max);
    if (c.kind == alsa::Kind::Switch) {
        c.raw_min = 0;
        c.raw_max = 1;
    }
    if (c.kind == alsa::Kind::Volume) {
        const unsigned choice = in.byte() % 6;
        // A control with a dB scale has at most 65536 steps (USB: 16-bit values); in unsigned arithmetic,
        // as an INTEGER64 range can be wider than a long.
        if (choice != 0 && static_cast<unsigned long>(c.raw_max) - static_cast<unsigned long>(c.raw_min) > 65535)
            c.raw_max = c.raw_min + 65535;
        c.db = alsa::DbScale::from_tlv(db_tlv(in, choice, c.raw_min, c.raw_max), c.raw_min, c.raw_max);
    }
    // The hardware reports values inside the range.
    alsa::ControlValues current;
    for (unsigned ch = 0; ch < c.channels; ++ch)
        current.push_back(std::clamp(in.integer<long>(), c.raw_min, c.raw_max));
    if (c.kind == alsa::Kind::Enumeration) {
        for (unsigned n = in.byte() % 5; n > 0; --n) c.items.emplace_back(in.field('\n'));
        c.raw_min = 0;
        c.raw_max = static_cast<long>(c.items.size()) - 1;
    }
    const std::string_view text = in.rest();

    const alsa::ParsedValue parsed = alsa::parse_value(c, current, text);
    if (!parsed.error.empty()) {
        FUZZ_CHECK(parsed.values.empty(), "values with an error: " + parsed.error);
        return 0;
    }
    FUZZ_CHECK(parsed.values.size() == c.channels, "not one value per channel for '" + std::string(text) + "'");
    if (c.kind == alsa::Kind::Volume) {
        // "3dB+", "5%-", "-2+": a relative change never moves the other way (the header's promise); one item
        // sets every channel, a list one channel each, and the channels after it keep their value.
        const std::vector<amixer::Token> tokens = amixer::tokenize(text);
        for (unsigned ch = 0; ch < c.channels; ++ch) {
            if (tokens.size() > 1 && ch >= tokens.size()) {
                FUZZ_CHECK(parsed.values[ch] == current[ch],
                           "channel " + std::to_string(ch) + " after the list changed");
                continue;
            }
            const amixer::Token& t = tokens[tokens.size() == 1 ? 0 : ch];
            const double change = amixer::step_change(t);
            if (change > 0)
                FUZZ_CHECK(parsed.values[ch] >= current[ch],
                           t.text + " moved down from " + std::to_string(current[ch]));
            if (change < 0)
                FUZZ_CHECK(parsed.values[ch] <= current[ch], t.text + " moved up from " + std::to_string(current[ch]));
        }
    }
    for (const long v : parsed.values) {
        switch (c.kind) {
            case alsa::Kind::Volume:
                FUZZ_CHECK(v >= c.raw_min && v <= c.raw_max, std::to_string(v) + " outside the control's range");
                break;
            case alsa::Kind::Switch: FUZZ_CHECK(v == 0 || v == 1, std::to_string(v)); break;
            case alsa::Kind::Enumeration:
                FUZZ_CHECK(v >= 0 && static_cast<std::size_t>(v) < c.items.size(), "item " + std::to_string(v));
                break;
            case alsa::Kind::Other: FUZZ_CHECK(false, "a value for a control that cannot be set"); break;
        }
    }
    return 0;
}
