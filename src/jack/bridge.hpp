// A resampling bridge for a card that is not JACK's own device: one supervised zita-a2j or zita-j2a
// process, restarted with backoff when it dies while its device is present.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jack/supervised_process.hpp"

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

// A bridge is one supervised zita-a2j or zita-j2a process.
using Bridge = SupervisedProcess;

}  // namespace headamp::jack
