// Whether a zita-a2j/zita-j2a bridge moves audio, read from what it prints: a running bridge started with
// -v reports its resampling ratio four times a second; one that has lost its clock says so and then sits
// in silence for 10 s; one that prints nothing at all has stalled.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace headamp::jack {

enum class BridgeState {
    Starting,  // started, nothing heard from it yet
    Syncing,   // locking onto the card's clock ("Starting synchronisation."), or locked for less than kSettle
    Running,   // moving audio: its trace lines have been coming for kSettle
    LostSync,  // gave up on the card's clock ("Detected excessive timing errors"): silent, retries in 10 s
    Stalled,   // running but silent for kQuiet, or not locked after kSyncLimit or kLostLimit: restarted
};

const char* to_string(BridgeState state);

class BridgeHealth {
public:
    using Clock = std::chrono::steady_clock;
    // Its first trace lines come while the resampler still settles: running once they came this long.
    static constexpr std::chrono::seconds kSettle{2};
    // A running bridge prints every 250 ms: this long without a trace line, it is not moving audio.
    static constexpr std::chrono::seconds kQuiet{3};
    // Locking takes zita about a second; this long without it, it will not lock.
    static constexpr std::chrono::seconds kSyncLimit{8};
    // After losing sync zita waits 10 s and tries again by itself (restarting it at once instead makes
    // JACK's graph change under the other bridges, which then lose sync too); this long, it is stuck.
    static constexpr std::chrono::seconds kLostLimit{15};

    // A (re)started process.
    void started(Clock::time_point now);
    // One line of its output. Returns true when the line says something a user may want in the log (its
    // own messages), false for its once-every-250-ms trace.
    bool take(std::string_view line, Clock::time_point now);

    BridgeState state(Clock::time_point now) const;
    // Why the bridge should be restarted now, or nothing while it is fine (or still has time to lock).
    std::optional<std::string> needs_restart(Clock::time_point now) const;

    unsigned sync_losses() const { return sync_losses_; }
    double ratio() const { return ratio_; }  // resampling ratio of the last trace line (1 = same clock)

private:
    BridgeState reported_ = BridgeState::Starting;
    Clock::time_point since_{};                     // when reported_ began
    Clock::time_point last_trace_{};                // the last trace line
    std::optional<Clock::time_point> first_trace_;  // the first trace line since it began locking
    unsigned sync_losses_ = 0;
    double ratio_ = 0.0;
};

}  // namespace headamp::jack
