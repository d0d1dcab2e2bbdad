// Bridge command lines (see bridge.hpp). External processes rather than JACK2's in-process zalsa:
// a bridge that crashes when its device is pulled takes only itself down, never jackd (VM-RIG.md
// saw jackd 1.9.21 segfault on jack_unload of a zalsa_in whose device was gone).
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
