// The one owner of what jack_get_ports returns: a NULL-terminated array of names that jack_free releases.
#pragma once

#include <jack/jack.h>

#include <memory>
#include <string>
#include <vector>

namespace headamp::jack {

struct JackFree {
    void operator()(const char** names) const { jack_free(static_cast<void*>(names)); }
};
using PortNameArray = std::unique_ptr<const char*[], JackFree>;

// Full names of the audio ports matching `pattern` (a regular expression, nullptr: all) and `flags`
// (JackPortIsInput, ...: all of them must be set), in JACK's order.
inline std::vector<std::string> port_names(jack_client_t* client, const char* pattern, unsigned long flags) {
    const PortNameArray array(jack_get_ports(client, pattern, JACK_DEFAULT_AUDIO_TYPE, flags));
    std::vector<std::string> names;
    for (const char** p = array.get(); p && *p; ++p) names.emplace_back(*p);
    return names;
}

}  // namespace headamp::jack
