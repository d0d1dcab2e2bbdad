// dB <-> raw through libasound's TLV functions, with the rounding direction checked and enforced.
#include "alsa/db_scale.hpp"

#include <alsa/asoundlib.h>

#include <algorithm>
#include <cmath>

namespace headamp::alsa {

namespace {

// libasound's TLV functions take non-const pointers but never write through them.
// Nearest rounding only picks mute for requests that are silence for all practical purposes.
constexpr double kNearestMuteBelowDb = -120.0;

unsigned* words(const std::vector<unsigned>& tlv) { return const_cast<unsigned*>(tlv.data()); }

}  // namespace

std::optional<DbScale> DbScale::from_tlv(std::vector<unsigned> tlv, long raw_min, long raw_max) {
    if (tlv.size() < 2 || raw_max <= raw_min) return std::nullopt;
    // Trim to what the header says, so stray words after it are not read as another entry.
    const std::size_t len = 2 + tlv[1] / sizeof(unsigned);
    if (len > tlv.size()) return std::nullopt;
    tlv.resize(len);
    long lo = 0;
    long hi = 0;
    if (snd_tlv_get_dB_range(tlv.data(), raw_min, raw_max, &lo, &hi) < 0) return std::nullopt;
    long probe = 0;
    if (snd_tlv_convert_to_dB(tlv.data(), raw_min, raw_max, raw_max, &probe) < 0) return std::nullopt;
    return DbScale(std::move(tlv), raw_min, raw_max);
}

double DbScale::to_db(long raw) const {
    raw = std::clamp(raw, raw_min_, raw_max_);
    long centi = 0;
    if (snd_tlv_convert_to_dB(words(tlv_), raw_min_, raw_max_, raw, &centi) < 0) return kMuteDb;
    if (centi <= SND_CTL_TLV_DB_GAIN_MUTE) return kMuteDb;
    return static_cast<double>(centi) / 100.0;
}

bool DbScale::has_mute() const { return to_db(raw_min_) == kMuteDb; }

long DbScale::lowest_audible_raw() const { return has_mute() ? std::min(raw_min_ + 1, raw_max_) : raw_min_; }

long DbScale::from_db(double db, Rounding rounding) const {
    const long lo = lowest_audible_raw();
    if (db >= max_db()) return raw_max_;
    if (db < min_db()) {
        // Down cannot stay under the request without a mute value; the minimum is the best it can do.
        if (rounding == Rounding::Down) return raw_min_;
        if (rounding == Rounding::Up) return lo;
        return (has_mute() && db <= kNearestMuteBelowDb) ? raw_min_ : lo;
    }
    // Ask libasound for both neighbours, then make the direction exact: its 1/100 dB arithmetic
    // may land one step off for linear and compound scales.
    const long centi = static_cast<long>(std::floor(db * 100.0 + 1e-6));
    long down = lo;
    long up = raw_max_;
    snd_tlv_convert_from_dB(words(tlv_), raw_min_, raw_max_, centi, &down, -1);
    snd_tlv_convert_from_dB(words(tlv_), raw_min_, raw_max_, static_cast<long>(std::ceil(db * 100.0 - 1e-6)), &up, 1);
    down = std::clamp(down, lo, raw_max_);
    up = std::clamp(up, lo, raw_max_);
    // Scales are monotonic in raw, so a bounded walk fixes an off-by-one without scanning the range.
    for (int i = 0; i < 4 && down > lo && to_db(down) > db + 1e-9; ++i) --down;
    for (int i = 0; i < 4 && down < raw_max_ && to_db(down + 1) <= db + 1e-9; ++i) ++down;
    for (int i = 0; i < 4 && up < raw_max_ && to_db(up) < db - 1e-9; ++i) ++up;
    for (int i = 0; i < 4 && up > lo && to_db(up - 1) >= db - 1e-9; ++i) --up;
    switch (rounding) {
    case Rounding::Down: return down;
    case Rounding::Up: return up;
    case Rounding::Nearest: return (db - to_db(down) <= to_db(up) - db) ? down : up;
    }
    return down;
}

double raw_to_percent(long raw, long raw_min, long raw_max) {
    if (raw_max <= raw_min) return 0.0;
    raw = std::clamp(raw, raw_min, raw_max);
    return 100.0 * static_cast<double>(raw - raw_min) / static_cast<double>(raw_max - raw_min);
}

long percent_to_raw(double percent, long raw_min, long raw_max, Rounding rounding) {
    if (raw_max <= raw_min) return raw_min;
    const double exact = static_cast<double>(raw_min) +
                         std::clamp(percent, 0.0, 100.0) / 100.0 * static_cast<double>(raw_max - raw_min);
    double r = 0;
    switch (rounding) {
    case Rounding::Down: r = std::floor(exact + 1e-9); break;
    case Rounding::Up: r = std::ceil(exact - 1e-9); break;
    case Rounding::Nearest: r = std::round(exact); break;
    }
    return std::clamp(static_cast<long>(r), raw_min, raw_max);
}

}  // namespace headamp::alsa
