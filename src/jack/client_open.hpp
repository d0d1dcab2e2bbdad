// Opening a JACK client on a named server or the default one, never starting a server: the one place
// that spells jack_client_open's two forms.
#pragma once

#include <jack/jack.h>

#include <optional>
#include <string>

namespace headamp::jack {

// server: a JACK server name, or nothing for $JACK_DEFAULT_SERVER / JACK's default. nullptr when the
// server refuses (`status` says why).
inline jack_client_t* open_client(const std::string& name, const std::optional<std::string>& server,
                                  jack_status_t& status) {
    const auto options = static_cast<jack_options_t>(JackNoStartServer | (server ? JackServerName : 0));
    return server ? jack_client_open(name.c_str(), options, &status, server->c_str())
                  : jack_client_open(name.c_str(), options, &status);
}

}  // namespace headamp::jack
