// Bridge health from zita-ajbridge's output (see bridge_health.hpp). The messages are zita-a2j/zita-j2a
// 0.8's own (printinfo() in their main loop); the trace line is "%8.3lf %10.6lf %5d": the delay error
// in frames, the resampling ratio and the least buffer fill of the last 250 ms.
#include "jack/bridge_health.hpp"

#include <cmath>
#include <cstdio>

namespace headamp::jack {

const char* to_string(BridgeState state) {
    switch (state) {
        case BridgeState::Starting: return "starting";
        case BridgeState::Syncing: return "syncing";
        case BridgeState::Running: return "running";
        case BridgeState::LostSync: return "lost sync";
        case BridgeState::Stalled: return "stalled";
    }
    return "unknown";
}

namespace {

// The trace line: three numbers and nothing else.
std::optional<double> trace_ratio(std::string_view line) {
    const std::string text(line);
    double error = 0, ratio = 0;
    int fill = 0, used = 0;
    if (std::sscanf(text.c_str(), " %lf %lf %d %n", &error, &ratio, &fill, &used) != 3) return std::nullopt;
    if (static_cast<std::size_t>(used) != text.size()) return std::nullopt;
    return ratio;  // may be nan while the loop filter starts
}

}  // namespace

void BridgeHealth::started(Clock::time_point now) {
    reported_ = BridgeState::Starting;
    since_ = now;
    first_trace_.reset();
}

bool BridgeHealth::take(std::string_view line, Clock::time_point now) {
    if (const auto ratio = trace_ratio(line)) {
        if (!std::isfinite(*ratio)) return false;  // the loop filter is starting: not yet moving audio
        ratio_ = *ratio;
        last_trace_ = now;
        if (!first_trace_) first_trace_ = now;
        if (reported_ != BridgeState::Running && now - *first_trace_ >= kSettle) {
            reported_ = BridgeState::Running;
            since_ = now;
        } else if (reported_ == BridgeState::Starting) {
            reported_ = BridgeState::Syncing;
        }
        return false;
    }
    if (line.find("Starting synchronisation") != std::string_view::npos) {
        reported_ = BridgeState::Syncing;
        since_ = now;
        first_trace_.reset();
    } else if (line.find("Detected excessive timing errors") != std::string_view::npos) {
        reported_ = BridgeState::LostSync;
        since_ = now;
        first_trace_.reset();
        ++sync_losses_;
    }
    return true;
}

BridgeState BridgeHealth::state(Clock::time_point now) const {
    if (reported_ == BridgeState::Running && now - last_trace_ > kQuiet) return BridgeState::Stalled;
    if ((reported_ == BridgeState::Starting || reported_ == BridgeState::Syncing) && now - since_ > kSyncLimit)
        return BridgeState::Stalled;
    if (reported_ == BridgeState::LostSync && now - since_ > kLostLimit) return BridgeState::Stalled;
    return reported_;
}

std::optional<std::string> BridgeHealth::needs_restart(Clock::time_point now) const {
    if (state(now) != BridgeState::Stalled) return std::nullopt;
    switch (reported_) {
        case BridgeState::Running: return std::string("stopped moving audio (silent for 3 s)");
        case BridgeState::LostSync: return std::string("lost the card's clock and did not get it back in 15 s");
        default: return std::string("did not lock onto the card's clock in 8 s");
    }
}

}  // namespace headamp::jack
