// A resampling bridge for a card that is not JACK's own device: one supervised zita-a2j or zita-j2a
// process, restarted with backoff when it dies while its device is present.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jack/child_process.hpp"
#include "util/main_loop.hpp"

namespace headamp::jack {

// How bridges are started; the defaults are Debian's zita-ajbridge. Tests put a fake bridge here.
struct BridgeSettings {
    std::vector<std::string> capture_command{"zita-a2j"};   // ALSA capture -> JACK ports <name>:capture_N
    std::vector<std::string> playback_command{"zita-j2a"};  // JACK ports <name>:playback_N -> ALSA playback
    int rate = 48000;   // ALSA side; the bridge resamples to JACK's rate and follows the clock drift
    int period = 256;
    int fragments = 2;
    std::optional<std::string> server;  // JACK server name, given to the bridge as $JACK_DEFAULT_SERVER
};

enum class BridgeDirection { Capture, Playback };

// The command line of one bridge: "<command> -j <client> -d hw:<card> -c <channels> -r -p -n".
std::vector<std::string> bridge_command(const BridgeSettings& settings, BridgeDirection direction,
                                        const std::string& client_name, int card_number, int channels);

class Bridge {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds kFirstRestart{250};
    static constexpr std::chrono::milliseconds kLongestRestart{8000};
    static constexpr std::chrono::seconds kStable{10};  // running this long resets the backoff

    // Starts the process at once and watches it in `loop`. A failure to start is handled like a
    // crash: logged, and retried with backoff.
    Bridge(MainLoop& loop, std::string client_name, std::vector<std::string> argv, std::vector<std::string> env);
    // Unwatches and stops the process (SIGTERM, then SIGKILL), reaping it.
    ~Bridge();
    Bridge(const Bridge&) = delete;
    Bridge& operator=(const Bridge&) = delete;

    const std::string& client_name() const { return client_name_; }
    bool running() const { return child_ != nullptr; }
    unsigned restarts() const { return restarts_; }
    std::optional<pid_t> pid() const;

    // Called after the process exited on its own (before the restart is scheduled).
    std::function<void(Bridge&)> on_exit;

private:
    void start();
    void exited();
    std::optional<std::chrono::milliseconds> tick(Clock::time_point now);

    MainLoop& loop_;
    std::string client_name_;
    std::vector<std::string> argv_;
    std::vector<std::string> env_;
    std::unique_ptr<ChildProcess> child_;
    int watched_fd_ = -1;
    int tick_id_ = -1;
    Clock::time_point started_;
    std::optional<Clock::time_point> restart_at_;
    std::chrono::milliseconds backoff_ = kFirstRestart;
    unsigned restarts_ = 0;
};

}  // namespace headamp::jack
