// Loading NetJACK2's netmanager (see netmanager.hpp).
#include "jack/netmanager.hpp"

#include <jack/intclient.h>

#include <sstream>

#include "util/log.hpp"

namespace headamp::jack {

std::string netmanager_load_command(const std::string& server) {
    return server.empty() ? std::string("jack_load netmanager") : "jack_load -s " + server + " netmanager";
}

bool netmanager_loaded(JackClient& client) {
    jack_status_t status{};
    return jack_internal_client_handle(client.handle(), kNetmanager, &status) != 0;
}

NetmanagerLoad ensure_netmanager(JackClient& client) {
    if (netmanager_loaded(client)) {
        log::info("NetJACK2's netmanager is loaded already: stations can join");
        return NetmanagerLoad::AlreadyThere;
    }
    jack_status_t status{};
    const jack_intclient_t loaded =
        jack_internal_client_load(client.handle(), kNetmanager,
                                  static_cast<jack_options_t>(JackLoadName | JackUseExactName), &status, kNetmanager);
    if (loaded == 0) {
        std::ostringstream hex;
        hex << std::hex << static_cast<int>(status);
        log::error("cannot load NetJACK2's netmanager into the JACK server (status 0x", hex.str(),
                   "): stations cannot join");
        return NetmanagerLoad::Failed;
    }
    log::notice("loaded NetJACK2's netmanager into the JACK server: stations can join");
    return NetmanagerLoad::Loaded;
}

}  // namespace headamp::jack
