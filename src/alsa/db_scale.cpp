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

// A request in 1/100 dB is clamped to +-this before it becomes a long: far beyond any TLV's 32-bit range.
constexpr double kCentiLimit = 1e15;

unsigned* words(const std::vector<unsigned>& tlv) { return const_cast<unsigned*>(tlv.data()); }

// b - a (a <= b) in unsigned arithmetic, then as a double: an INTEGER64 control's range can be wider
// than a long holds, and near its ends two longs a step apart are the same double.
double distance(long a, long b) {
    return static_cast<double>(static_cast<unsigned long>(b) - static_cast<unsigned long>(a));
}

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
    // Mute (-inf) is below every level, even where the lowest steps read as mute too (min_db(), even
    // max_db(), is then -inf: libasound calls anything at or below -99999.99 dB mute).
    if (db < min_db() || db == kMuteDb) {
        // Down cannot stay under the request without a mute value; the minimum is the best it can do.
        if (rounding == Rounding::Down) return raw_min_;
        if (rounding == Rounding::Up) return lo;
        return (has_mute() && db <= kNearestMuteBelowDb) ? raw_min_ : lo;
    }
    if (db >= max_db()) return raw_max_;
    // Ask libasound for both neighbours, then make the direction exact: its 1/100 dB arithmetic
    // may land one step off for linear and compound scales.
    const double centi = std::clamp(db * 100.0, -kCentiLimit, kCentiLimit);
    long down = lo;
    long up = raw_max_;
    snd_tlv_convert_from_dB(words(tlv_), raw_min_, raw_max_, static_cast<long>(std::floor(centi + 1e-6)), &down, -1);
    snd_tlv_convert_from_dB(words(tlv_), raw_min_, raw_max_, static_cast<long>(std::ceil(centi - 1e-6)), &up, 1);
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
    return 100.0 * distance(raw_min, raw) / distance(raw_min, raw_max);
}

long percent_to_raw(double percent, long raw_min, long raw_max, Rounding rounding) {
    if (raw_max <= raw_min) return raw_min;
    const double span = distance(raw_min, raw_max);
    const double exact = std::clamp(percent, 0.0, 100.0) / 100.0 * span;  // raw steps above raw_min
    double r = 0;
    switch (rounding) {
        case Rounding::Down: r = std::floor(exact + 1e-9); break;
        case Rounding::Up: r = std::ceil(exact - 1e-9); break;
        case Rounding::Nearest: r = std::round(exact); break;
    }
    // Compared as doubles before the conversion: at the ends of a long's range r may round past them.
    if (r >= span) return raw_max;
    if (r <= 0.0) return raw_min;
    return static_cast<long>(static_cast<unsigned long>(raw_min) + static_cast<unsigned long>(r));
}

}  // namespace headamp::alsa
