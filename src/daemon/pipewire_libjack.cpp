// headampd started again on PipeWire's libjack (see pipewire_libjack.hpp).
#include "daemon/pipewire_libjack.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "daemon/environment.hpp"
#include "jack/audio_stack.hpp"
#include "jack/libjack_choice.hpp"
#include "util/log.hpp"

namespace headamp::daemon {

void start_again_on_pipewire_libjack(char** argv, const std::optional<std::string>& server) {
    const std::string dir = HEADAMP_PIPEWIRE_JACK_DIR;  // PipeWire's libpipewire-0.3 moduledir + "/jack"
    const char* choice = std::getenv("HEADAMP_LIBJACK");
    std::error_code ec;
    const jack::LibjackSituation situation{jack::detect_audio_stack().pipewire(), choice ? choice : "",
                                           pipewire_socket_from_environment().has_value(),
                                           std::filesystem::exists(dir + "/libjack.so.0", ec)};
    if (!jack::switch_to_pipewire_libjack(situation, [&server] { return jack::jack_server_answers(server); })) return;
    log::notice(
        "libjack is JACK2's, no JACK server answers and PipeWire runs: starting again on PipeWire's "
        "libjack (",
        dir, "), as pw-jack would");
    const char* old = std::getenv("LD_LIBRARY_PATH");
    const std::optional<std::string> before = old ? std::optional<std::string>(old) : std::nullopt;
    setenv("LD_LIBRARY_PATH", jack::library_path_with(dir, old).c_str(), 1);
    setenv("HEADAMP_LIBJACK", "pipewire", 1);
    execv("/proc/self/exe", argv);
    // Still here: the children headampd may start must not inherit PipeWire's libjack either.
    log::warning("cannot start again on PipeWire's libjack (", std::strerror(errno), "); staying on JACK2's");
    if (before)
        setenv("LD_LIBRARY_PATH", before->c_str(), 1);
    else
        unsetenv("LD_LIBRARY_PATH");
    unsetenv("HEADAMP_LIBJACK");
}

}  // namespace headamp::daemon
