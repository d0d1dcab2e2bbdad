// Opening a client in a station's JACK world from the station's own helper processes.
#pragma once

#include <jack/jack.h>

namespace headamp::test {

// Client `name` on `server`, waiting up to 10 s for the server to take it; nullptr after that.
jack_client_t* open_station_client(const char* server, const char* name);

}  // namespace headamp::test
