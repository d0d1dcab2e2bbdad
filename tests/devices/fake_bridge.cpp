// Stands in for zita-a2j / zita-j2a in tests: same command line, same JACK client and port names, and
// instead of a card a known signal per capture channel (channel k: a sine of 250*k Hz at 0.5/k). Like
// zita with -v it prints a trace line every 250 ms. $FAKE_BRIDGE_LOSE_SYNC=FILE: the first fake bridge
// (capture) that finds no FILE makes it, and after 3 s loses sync as zita does (says so, then
// silence). $FAKE_BRIDGE_STALL=FILE: the same, but it hangs: silence, and not a word more.
#include <jack/jack.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include <cerrno>

#include <poll.h>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numbers>
#include <string>
#include <vector>

namespace {

std::vector<jack_port_t*> ports;
bool capture = true;
std::atomic<bool> silent{false};
jack_client_t* client = nullptr;

int process(jack_nframes_t n, void*) {
    if (!capture) return 0;
    if (silent.load(std::memory_order_relaxed)) {
        for (jack_port_t* port : ports) std::memset(jack_port_get_buffer(port, n), 0, n * sizeof(float));
        return 0;
    }
    const jack_nframes_t t0 = jack_last_frame_time(client);
    for (std::size_t k = 0; k < ports.size(); ++k) {
        auto* out = static_cast<float*>(jack_port_get_buffer(ports[k], n));
        const double ch = static_cast<double>(k + 1);
        for (jack_nframes_t i = 0; i < n; ++i) {
            const double t = static_cast<double>((t0 + i) % 48000) / 48000.0;
            out[i] = static_cast<float>(0.5 / ch * std::sin(2.0 * std::numbers::pi * 250.0 * ch * t));
        }
    }
    return 0;
}

}  // namespace

// fake-bridge capture|playback -j NAME -d DEVICE -c CHANNELS [other zita options, ignored]
int main(int argc, char** argv) {
    if (argc < 2) return 2;
    capture = std::strcmp(argv[1], "capture") == 0;
    std::string name = capture ? "zita-a2j" : "zita-j2a";
    int channels = 2;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "-j") == 0) name = argv[i + 1];
        if (std::strcmp(argv[i], "-c") == 0) channels = std::atoi(argv[i + 1]);
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);  // before JACK's threads exist, so that sigwait gets them
    jack_status_t status;
    client = jack_client_open(name.c_str(), JackNoStartServer, &status);
    if (!client) {
        std::fprintf(stderr, "fake bridge: no JACK server\n");
        return 1;
    }
    for (int k = 1; k <= channels; ++k) {
        const std::string port = (capture ? "capture_" : "playback_") + std::to_string(k);
        ports.push_back(jack_port_register(client, port.c_str(), JACK_DEFAULT_AUDIO_TYPE,
                                           capture ? JackPortIsOutput : JackPortIsInput, 0));
    }
    jack_set_process_callback(client, &process, nullptr);
    jack_activate(client);
    int lose_after = -1;  // trace lines until the sync is lost
    bool stall = false;
    for (const char* mode : {"FAKE_BRIDGE_LOSE_SYNC", "FAKE_BRIDGE_STALL"}) {
        const char* marker_path = std::getenv(mode);
        if (capture && marker_path && *marker_path && access(marker_path, F_OK) != 0) {
            if (FILE* marker = std::fopen(marker_path, "w")) std::fclose(marker);
            lose_after = 12;  // 3 s: long enough to be seen running
            stall = std::strcmp(mode, "FAKE_BRIDGE_STALL") == 0;
        }
    }
    std::printf("Starting synchronisation.\n");
    std::fflush(stdout);
    // signalfd rather than sigwait: GCC 12's ASan interceptor of sigwait crashes on glibc 2.36.
    const int fd = signalfd(-1, &set, SFD_CLOEXEC);
    pollfd p{fd, POLLIN, 0};
    while (fd >= 0) {
        const int r = poll(&p, 1, 250);
        if (r > 0) break;
        if (r < 0 && errno != EINTR) break;
        if (r < 0 || silent) continue;
        if (lose_after-- == 0) {
            silent = true;
            if (!stall) std::printf("Detected excessive timing errors, waiting 10 seconds.\n");
        } else {
            std::printf("%8.3lf %10.6lf %5d\n", 0.0, 1.0, 512);
        }
        std::fflush(stdout);
    }
    jack_deactivate(client);
    jack_client_close(client);
    return 0;
}
