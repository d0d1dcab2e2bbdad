// Bridge command lines (see bridge.hpp). External processes rather than JACK2's in-process zalsa:
// a bridge that crashes when its device is pulled takes only itself down, never jackd. Measured in
// the VM (benchmark vm-bridge-pull): after 10 pulls each, jack_unload of zalsa_in/zalsa_out killed
// jackd 1.9.21 (SIGSEGV) 10 times; stopping zita-a2j/zita-j2a, 0 times.
#include "jack/bridge.hpp"

namespace headamp::jack {

std::vector<std::string> bridge_command(const BridgeSettings& s, BridgeDirection direction,
                                        const std::string& client_name, int card_number, int channels) {
    std::vector<std::string> argv = direction == BridgeDirection::Capture ? s.capture_command : s.playback_command;
    const std::vector<std::string> options{"-j", client_name,
                                           "-d", "hw:" + std::to_string(card_number),
                                           "-c", std::to_string(channels),
                                           "-r", std::to_string(s.rate),
                                           "-p", std::to_string(s.period),
                                           "-n", std::to_string(s.fragments)};
    argv.insert(argv.end(), options.begin(), options.end());
    return argv;
}

}  // namespace headamp::jack
