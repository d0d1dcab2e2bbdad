// Opening a client in a station's JACK world (see station_client.hpp).
#include "station_client.hpp"

#include <chrono>
#include <thread>

namespace headamp::test {

jack_client_t* open_station_client(const char* server, const char* name) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
        jack_status_t status;
        jack_client_t* c =
            jack_client_open(name, static_cast<jack_options_t>(JackNoStartServer | JackServerName), &status, server);
        if (c || std::chrono::steady_clock::now() >= deadline) return c;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

}  // namespace headamp::test
