// dB <-> raw value of one integer control, from its TLV dB description, with explicit rounding.
//
// The maths is libasound's own (snd_tlv_convert_to_dB / _from_dB handle every TLV kind the kernel
// produces: dB scale, min/max with and without mute, linear, and compound ranges); this file adds
// what a mixer needs on top: a rounding direction that is honoured exactly (libasound works in
// 1/100 dB and can miss by one step at the edges, so results are checked and nudged), the lowest
// audible step when the minimum means mute, and percent for controls that publish no dB at all.
#pragma once

#include <limits>
#include <optional>
#include <vector>

namespace headamp::alsa {

enum class Rounding {
    Down,  // never above the requested level: what a volume written from a dB value uses
    Up,    // never below it
    Nearest,
};

inline constexpr double kMuteDb = -std::numeric_limits<double>::infinity();

class DbScale {
public:
    // tlv: the control's TLV words as snd_hctl_elem_tlv_read returns them (type, length, data...).
    // Returns nothing when the TLV is not a dB description or the range is empty.
    static std::optional<DbScale> from_tlv(std::vector<unsigned> tlv, long raw_min, long raw_max);

    long raw_min() const { return raw_min_; }
    long raw_max() const { return raw_max_; }
    const std::vector<unsigned>& tlv() const { return tlv_; }

    // kMuteDb for a raw value that means mute.
    double to_db(long raw) const;
    // The raw value for `db` rounded as asked, clamped to the range. Below the lowest audible step,
    // Down gives the mute value when the control has one, otherwise the minimum.
    long from_db(double db, Rounding rounding) const;

    bool has_mute() const;            // the minimum raw value means mute
    long lowest_audible_raw() const;  // raw_min, or raw_min + 1 when raw_min means mute
    double min_db() const { return to_db(lowest_audible_raw()); }
    double max_db() const { return to_db(raw_max_); }

private:
    DbScale(std::vector<unsigned> tlv, long raw_min, long raw_max)
        : tlv_(std::move(tlv)), raw_min_(raw_min), raw_max_(raw_max) {}
    std::vector<unsigned> tlv_;
    long raw_min_;
    long raw_max_;
};

// Controls without dB information: a straight line over the raw range, in percent (0..100).
double raw_to_percent(long raw, long raw_min, long raw_max);
long percent_to_raw(double percent, long raw_min, long raw_max, Rounding rounding);

}  // namespace headamp::alsa
