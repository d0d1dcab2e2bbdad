// Measures, against a real headampd on a real jackd: the round trip of a `set` over the socket, the wall
// time of the `headamp set` command (median over 1,000 each), and the time from sending a `set` to the
// change being audible at the mix's output port (first changed sample, and 90 % of the new level, ramp
// included). Run: meson test -C build --benchmark control-latency -v
#include <jack/jack.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <vector>

#include "daemon_fixture.hpp"
#include "run_headamp.hpp"

using namespace headamp::test;
using Clock = std::chrono::steady_clock;

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

// Watches one output of headamp and stamps, in JACK microseconds, the first sample above two thresholds.
class Listener {
public:
    Listener(const std::string& server, const std::string& source) : handle_(server, "listener") {
        port_ = jack_port_register(handle_.get(), "in", JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);
        jack_set_process_callback(handle_.get(), &Listener::process, this);
        jack_activate(handle_.get());
        jack_connect(handle_.get(), source.c_str(), "listener:in");
    }
    ~Listener() { jack_deactivate(handle_.get()); }
    void arm(float first, float settled) {
        first_level_ = first;
        settled_level_ = settled;
        first_us_ = settled_us_ = 0;
        armed_.store(true);
    }
    bool done() const { return settled_us_.load() != 0; }
    jack_time_t first_us() const { return first_us_.load(); }
    jack_time_t settled_us() const { return settled_us_.load(); }
    float last() const { return last_.load(); }
    jack_time_t now() const { return jack_get_time(); }

private:
    static int process(jack_nframes_t n, void* self) {
        auto* l = static_cast<Listener*>(self);
        const auto* x = static_cast<const float*>(jack_port_get_buffer(l->port_, n));
        const jack_nframes_t start = jack_last_frame_time(l->handle_.get());
        l->last_.store(x[n - 1]);
        if (!l->armed_.load()) return 0;
        for (jack_nframes_t i = 0; i < n; ++i) {
            const float a = std::fabs(x[i]);
            if (!l->first_us_ && a > l->first_level_) l->first_us_ = jack_frames_to_time(l->handle_.get(), start + i);
            if (!l->settled_us_ && a > l->settled_level_) {
                l->settled_us_ = jack_frames_to_time(l->handle_.get(), start + i);
                l->armed_.store(false);
            }
        }
        return 0;
    }
    JackHandle handle_;
    jack_port_t* port_ = nullptr;
    std::atomic<bool> armed_{false};
    std::atomic<float> last_{0.0f};
    float first_level_ = 0, settled_level_ = 0;
    std::atomic<jack_time_t> first_us_{0}, settled_us_{0};
};

}  // namespace

int main() {
    Daemon daemon("bench");
    SignalClient feeder(daemon.server->name(), "feeder", {{"out", [](int64_t) { return 0.5f; }}}, {}, 0);
    auto client = daemon.connect();

    // 1. Protocol round trip of a `set`, in process.
    std::vector<double> rtt;
    for (int i = 0; i < 1000; ++i) {
        const auto t0 = Clock::now();
        const json a = client->request({{"op", "set"}, {"mix", "mix1"}, {"source", "in1"}, {"level_db", -(i % 20)}});
        rtt.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
        if (!a.value("ok", false)) return 1;
    }
    std::printf("socket round trip of a set request: median %.1f us, p99 %.1f us (n=1000)\n", median(rtt),
                percentile(rtt, 0.99));

    // 2. The `headamp set` command, process start to exit.
    std::vector<double> cmd;
    for (int i = 0; i < 1000; ++i) {
        const auto t0 = Clock::now();
        const Result r =
            run_headamp({"--socket", daemon.socket, "set", "mix1", "in2", std::to_string(-(i % 20)) + "dB"});
        cmd.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (r.status != 0) return 1;
    }
    std::printf("headamp set (whole command, fork+exec+connect+answer): median %.2f ms, p99 %.2f ms (n=1000)\n",
                median(cmd), percentile(cmd, 0.99));

    // 3. Command to audible: Guitar (a steady 0.5) from off to 0 dB, centred: 0.5 * -3 dB = 0.354 on mix1_L.
    Listener listener(daemon.server->name(), "headamp:mix1_L");
    client->request({{"op", "set"}, {"mix", "mix1"}, {"source", "in1"}, {"mute", true}});
    client->request({{"op", "set"}, {"mix", "mix1"}, {"source", "in2"}, {"mute", true}});
    const float target = 0.5f * std::sqrt(0.5f);
    std::vector<double> first, settled;
    const jack_nframes_t period = 256;
    for (int i = 0; i < 50; ++i) {
        client->request({{"op", "set"}, {"mix", "mix1"}, {"source", "Guitar"}, {"level_db", -120}});
        JackHandle::wait_for([&] { return std::fabs(listener.last()) < 1e-6f; }, 2s);
        std::this_thread::sleep_for(20ms);
        listener.arm(0.001f, 0.9f * target);
        const jack_time_t t0 = listener.now();
        client->send({{"op", "set"}, {"mix", "mix1"}, {"source", "Guitar"}, {"level_db", 0}});
        if (!JackHandle::wait_for([&] { return listener.done(); }, 2s)) {
            std::printf("no change seen on the output\n");
            return 1;
        }
        client->next_message(1s);  // the answer
        first.push_back(static_cast<double>(listener.first_us() - t0) / 1000.0);
        settled.push_back(static_cast<double>(listener.settled_us() - t0) / 1000.0);
    }
    const double period_ms = 1000.0 * period / 48000.0;
    std::printf("set -> first changed sample at headamp's output port: median %.2f ms (n=50)\n", median(first));
    std::printf("set -> 90%% of the new level (ramp included): median %.2f ms, max %.2f ms (n=50)\n", median(settled),
                *std::max_element(settled.begin(), settled.end()));
    std::printf(
        "(JACK period %u frames = %.2f ms at 48 kHz; a hardware device adds its playback latency, "
        "typically 2 periods = %.2f ms, on top)\n",
        period, period_ms, 2 * period_ms);
    return 0;
}
