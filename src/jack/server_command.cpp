// The jackd command line (see server_command.hpp).
#include "jack/server_command.hpp"

namespace headamp::jack {

std::vector<std::string> server_command(const ServerSettings& s, const std::string& card) {
    std::vector<std::string> argv = s.command;
    if (s.name) argv.insert(argv.end(), {"-n", *s.name});
    argv.insert(argv.end(), {"-d", "alsa", "-d", "hw:" + card, "-r", std::to_string(s.rate), "-p",
                             std::to_string(s.period), "-n", std::to_string(s.nperiods)});
    return argv;
}

std::vector<std::string> server_environment(bool have_session_bus) {
    if (have_session_bus) return {};
    return {"JACK_NO_AUDIO_RESERVATION=1"};
}

}  // namespace headamp::jack
