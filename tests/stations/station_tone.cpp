// A tone played at a station (a process of its own, as station-recorder is): a 0.5 sine of FREQ Hz on
// every PORT until SIGTERM. At a `jackd -d net` station, system:playback_N is what goes back to the
// main box, as its from_slave_N. Usage: station-tone SERVER FREQ PORT...
#include <jack/jack.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <numbers>
#include <string>
#include <thread>

#include "station_client.hpp"

namespace {

std::atomic<bool> stop{false};

struct Tone {
    jack_port_t* out = nullptr;
    double step = 0;  // radians per frame
    double phase = 0;
};

int process(jack_nframes_t n, void* arg) {
    auto* tone = static_cast<Tone*>(arg);
    auto* out = static_cast<float*>(jack_port_get_buffer(tone->out, n));
    for (jack_nframes_t i = 0; i < n; ++i) {
        out[i] = static_cast<float>(0.5 * std::sin(tone->phase));
        tone->phase = std::fmod(tone->phase + tone->step, 2.0 * std::numbers::pi);
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: station-tone SERVER FREQ PORT...\n");
        return 1;
    }
    std::signal(SIGTERM, [](int) { stop.store(true); });
    jack_client_t* client = headamp::test::open_station_client(argv[1], "tone");
    if (!client) {
        std::fprintf(stderr, "station-tone: no JACK server '%s'\n", argv[1]);
        return 1;
    }
    Tone tone;
    tone.step = 2.0 * std::numbers::pi * std::stod(argv[2]) / jack_get_sample_rate(client);
    tone.out = jack_port_register(client, "out", JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0);
    jack_set_process_callback(client, &process, &tone);
    if (!tone.out || jack_activate(client) != 0) return 1;
    for (int i = 3; i < argc; ++i)
        if (jack_connect(client, jack_port_name(tone.out), argv[i]) != 0) {
            std::fprintf(stderr, "station-tone: cannot connect to %s\n", argv[i]);
            return 1;
        }
    std::printf("playing\n");
    std::fflush(stdout);
    while (!stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    jack_deactivate(client);
    jack_client_close(client);
    return 0;
}
