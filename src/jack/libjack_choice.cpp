// Which libjack headampd runs on (see libjack_choice.hpp).
#include "jack/libjack_choice.hpp"

#include <jack/jack.h>

#include "jack/client_open.hpp"
#include "util/log.hpp"

namespace headamp::jack {

namespace {
// A server that is not there is the common case here: libjack's complaints about it are for --verbose.
void quiet(const char* message) { log::debug("libjack: ", message); }
}  // namespace

bool switch_to_pipewire_libjack(const LibjackSituation& s, const std::function<bool()>& jack2_server_answers) {
    if (s.pipewire_libjack || !s.choice.empty()) return false;
    if (!s.pipewire_running || !s.pipewire_jack_installed) return false;
    return !jack2_server_answers();
}

std::string library_path_with(std::string_view dir, const char* current) {
    std::string path(dir);
    if (current && *current) path += std::string(":") + current;
    return path;
}

bool jack_server_answers(const std::optional<std::string>& server) {
    jack_set_error_function(&quiet);
    jack_set_info_function(&quiet);
    jack_status_t status{};
    jack_client_t* client = open_client("headampd-probe", server, status);
    if (!client) return false;
    jack_client_close(client);
    return true;
}

}  // namespace headamp::jack
