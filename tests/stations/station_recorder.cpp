// The recorder client inside a station's JACK world (a process of its own: a process can be a
// client of one JACK2 server only). Usage: station-recorder SERVER FILE FRAMES TIMEOUT_S PORT...
// It records FRAMES from the cycle in which any PORT first carries a non-zero sample and writes
// them to FILE (recording.hpp). It does not isolate /dev/shm: it lives in the test's.
#include <jack/jack.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "recording.hpp"
#include "station_client.hpp"

namespace {

struct Recorder {
    jack_client_t* client = nullptr;
    std::vector<jack_port_t*> inputs;
    headamp::test::Recording recording;
    int64_t written = 0;
    std::atomic<int> state{0};  // 0 waiting for a non-zero sample, 1 recording, 2 done
};

constexpr std::size_t kMaxInputs = 8;
using Buffers = std::array<const float*, kMaxInputs>;

int64_t first_non_zero(const Buffers& buffers, std::size_t count, jack_nframes_t n) {
    for (jack_nframes_t i = 0; i < n; ++i)
        for (std::size_t c = 0; c < count; ++c)
            if (buffers[c][i] != 0.0f) return i;
    return -1;
}

int process(jack_nframes_t n, void* arg) {
    auto* self = static_cast<Recorder*>(arg);
    const int state = self->state.load(std::memory_order_relaxed);
    if (state == 2) return 0;
    Buffers buffers{};
    const std::size_t count = self->inputs.size();
    for (std::size_t c = 0; c < count; ++c)
        buffers[c] = static_cast<const float*>(jack_port_get_buffer(self->inputs[c], n));
    if (state == 0) {
        const int64_t onset = first_non_zero(buffers, count, n);
        if (onset < 0) return 0;
        jack_nframes_t frames;
        jack_time_t current_usecs, next_usecs;
        float period_usecs;
        jack_get_cycle_times(self->client, &frames, &current_usecs, &next_usecs, &period_usecs);
        self->recording.first_usecs = static_cast<int64_t>(current_usecs);
        self->recording.onset = onset;
        self->state.store(1);
    }
    const auto total = static_cast<int64_t>(self->recording.channels[0].size());
    const int64_t take = std::min<int64_t>(n, total - self->written);
    for (std::size_t c = 0; c < count; ++c)
        std::memcpy(self->recording.channels[c].data() + self->written, buffers[c],
                    static_cast<std::size_t>(take) * sizeof(float));
    self->written += take;
    if (self->written >= total) self->state.store(2);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 6 || static_cast<std::size_t>(argc - 5) > kMaxInputs) {
        std::fprintf(stderr, "usage: station-recorder SERVER FILE FRAMES TIMEOUT_S PORT...\n");
        return 1;
    }
    Recorder r;
    r.client = headamp::test::open_station_client(argv[1], "recorder");
    if (!r.client) {
        std::fprintf(stderr, "station-recorder: no JACK server '%s'\n", argv[1]);
        return 1;
    }
    r.recording.rate = jack_get_sample_rate(r.client);
    const auto frames = static_cast<std::size_t>(std::stoll(argv[3]));
    for (int i = 5; i < argc; ++i) {
        const std::string name = "in_" + std::to_string(i - 4);
        r.inputs.push_back(jack_port_register(r.client, name.c_str(), JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0));
        r.recording.channels.emplace_back(frames, 0.0f);
    }
    jack_set_process_callback(r.client, &process, &r);
    if (jack_activate(r.client) != 0) return 1;
    for (int i = 5; i < argc; ++i)
        if (jack_connect(r.client, argv[i], jack_port_name(r.inputs[static_cast<std::size_t>(i - 5)])) != 0) {
            std::fprintf(stderr, "station-recorder: cannot connect %s\n", argv[i]);
            return 1;
        }
    std::printf("connected\n");
    std::fflush(stdout);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(std::stoi(argv[4]));
    bool told = false;
    while (r.state.load() != 2 && std::chrono::steady_clock::now() < deadline) {
        if (!told && r.state.load() == 1) {
            std::printf("recording\n");
            std::fflush(stdout);
            told = true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    jack_deactivate(r.client);
    const bool done = r.state.load() == 2;
    if (done) headamp::test::write_recording(argv[2], r.recording);
    jack_client_close(r.client);
    if (done)
        std::printf("written\n");
    else
        std::printf("timed out after %lld frames\n", static_cast<long long>(r.written));
    return done ? 0 : 2;
}
