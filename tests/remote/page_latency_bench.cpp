// Latency from a thumb on the page to the sound: a touch on a fader in headless Chromium (the moment
// puppeteer-core is asked to touch) to the JACK cycle in which the first sample at headampd's mix output
// changed, on a private jackd (48 kHz, 256 frames). A JACK client of the test's own watches the output and
// notes CLOCK_MONOTONIC in the cycle it sees the change; node's hrtime is the same clock. (The dummy
// backend's jack_frames_to_time drifts under load, so frame times are not used.) Prints the median and
// the 99th percentile; the target is under 20 ms.
#include <time.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

#include "page_world.hpp"

namespace headamp::test {
namespace {

constexpr int kRuns = 40;

// Watches one port: notes the time of the first cycle whose samples differ from the level before arm().
class ChangeWatch {
public:
    ChangeWatch(const std::string& server, const std::string& source) : handle_(server, "watch") {
        port_ = jack_port_register(handle_.get(), "in", JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);
        jack_set_process_callback(handle_.get(), &ChangeWatch::process, this);
        if (!port_ || jack_activate(handle_.get()) != 0 || jack_connect(handle_.get(), source.c_str(), "watch:in") != 0)
            throw std::runtime_error("cannot watch " + source);
    }
    ~ChangeWatch() { jack_deactivate(handle_.get()); }
    void arm() {
        changed_ns_.store(0);
        baseline_.store(last_.load());
        armed_.store(true);
    }
    // The change's time in ns of CLOCK_MONOTONIC, 0 if none came within `timeout`.
    std::int64_t wait(std::chrono::milliseconds timeout) {
        JackHandle::wait_for([&] { return changed_ns_.load() != 0; }, timeout);
        armed_.store(false);
        return changed_ns_.load();
    }

private:
    static int process(jack_nframes_t n, void* self) {
        auto* w = static_cast<ChangeWatch*>(self);
        const auto* in = static_cast<const float*>(jack_port_get_buffer(w->port_, n));
        if (w->armed_.load() && w->changed_ns_.load() == 0) {
            const float base = w->baseline_.load();
            for (jack_nframes_t i = 0; i < n; ++i)
                if (std::abs(in[i] - base) > 1e-5f) {
                    timespec t{};
                    clock_gettime(CLOCK_MONOTONIC, &t);
                    w->changed_ns_.store(static_cast<std::int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec);
                    break;
                }
        }
        w->last_.store(in[n - 1]);
        return 0;
    }
    JackHandle handle_;
    jack_port_t* port_ = nullptr;
    std::atomic<bool> armed_{false};
    std::atomic<float> baseline_{0.0f}, last_{0.0f};
    std::atomic<std::int64_t> changed_ns_{0};
};

TEST(PageLatency, TouchOnAFaderToTheFirstChangedSample) {
    // A constant input: each output sample is the gain itself, so the first changed one is exact.
    PageWorld world("PageLatency", [](int64_t) { return 0.5f; });
    ChangeWatch watch(world.daemon.server->name(), "headamp:mix1_L");
    BrowserDriver browser(world.daemon.dir);
    ASSERT_FALSE(browser.ask("open " + world.links.at("mix1")).contains("error")) << browser.log();
    std::vector<double> ms;
    for (int i = 0; i < kRuns; ++i) {
        std::this_thread::sleep_for(100ms);  // the last change's 10 ms ramp is over
        watch.arm();
        const json touched = browser.ask("touch Guitar " + std::string(i % 2 ? "0.35" : "0.55"));
        ASSERT_TRUE(touched.contains("t0_us")) << touched.dump() << browser.log();
        const std::int64_t changed_ns = watch.wait(3s);
        ASSERT_NE(changed_ns, 0) << "no change at the output within 3 s, touch " << i;
        ms.push_back((static_cast<double>(changed_ns) / 1000.0 - touched["t0_us"].get<double>()) / 1000.0);
    }
    std::sort(ms.begin(), ms.end());
    const double median = ms[ms.size() / 2];
    const double p99 = ms[std::min(ms.size() - 1, static_cast<std::size_t>(0.99 * static_cast<double>(ms.size())))];
    std::printf(
        "page fader -> first changed sample at headampd's output, %d touches: median %.1f ms, p99 %.1f ms, "
        "min %.1f ms, max %.1f ms (jackd dummy, 256 frames at 48 kHz = 5.3 ms per period)\n",
        kRuns, median, p99, ms.front(), ms.back());
    EXPECT_GT(ms.front(), 0.0) << "a change before the touch: the clocks are not the same";
    EXPECT_LT(median, 20.0);
}

}  // namespace
}  // namespace headamp::test
