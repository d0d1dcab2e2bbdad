// A resampling bridge for a card that is not JACK's own device: one supervised zita-a2j or zita-j2a
// process, restarted with backoff when it dies while its device is present, or when it runs but moves no
// audio (it lost the card's clock, or went quiet), which its output tells.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jack/bridge_health.hpp"
#include "jack/supervised_process.hpp"
#include "util/main_loop.hpp"

namespace headamp::jack {

// How bridges are started; the defaults are Debian's zita-ajbridge. Tests put a fake bridge here.
struct BridgeSettings {
    std::vector<std::string> capture_command{"zita-a2j"};   // ALSA capture -> JACK ports <name>:capture_N
    std::vector<std::string> playback_command{"zita-j2a"};  // JACK ports <name>:playback_N -> ALSA playback
    int rate = 48000;  // ALSA side; the bridge resamples to JACK's rate and follows the clock drift
    int period = 256;
    int fragments = 2;
    std::optional<std::string> server;  // JACK server name, given to the bridge as $JACK_DEFAULT_SERVER
};

enum class BridgeDirection { Capture, Playback };

// The command line of one bridge: "<command> -j <client> -d hw:<card> -c <channels> -r -p -n -v"
// (-v: the trace that tells its health).
std::vector<std::string> bridge_command(const BridgeSettings& settings, BridgeDirection direction,
                                        const std::string& client_name, int card_number, int channels);

// What `headamp devices` shows of a bridge.
struct BridgeStatus {
    std::string name;  // its JACK client name
    BridgeState state;
    unsigned restarts;     // after dying, losing sync or stalling
    unsigned sync_losses;  // times it lost the card's clock
    double ratio;          // its resampling ratio (1 = the card runs on JACK's clock)
};

class Bridge {
public:
    using Clock = std::chrono::steady_clock;

    // Starts `argv` at once (through stdbuf, so that its lines arrive as it prints them).
    Bridge(MainLoop& loop, std::string name, std::vector<std::string> argv, std::vector<std::string> env);
    ~Bridge();
    Bridge(const Bridge&) = delete;
    Bridge& operator=(const Bridge&) = delete;

    const std::string& name() const { return process_->name(); }
    bool running() const { return process_->running(); }
    unsigned restarts() const { return process_->restarts(); }
    std::optional<pid_t> pid() const { return process_->pid(); }
    BridgeStatus status(Clock::time_point now) const;

    // Called after the bridge process exited or was stopped for a restart (its ports go with it).
    std::function<void(Bridge&)> on_exit;

private:
    void line(const std::string& text);
    std::optional<std::chrono::milliseconds> tick(Clock::time_point now);

    MainLoop& loop_;
    BridgeHealth health_;
    std::unique_ptr<SupervisedProcess> process_;
    int tick_id_ = -1;
};

}  // namespace headamp::jack
