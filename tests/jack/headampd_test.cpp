// headampd as a real JACK client on a real `jackd -d dummy`: levels, L/R, sample alignment,
// latency reporting, and surviving a server kill and restart.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <numbers>

#include "jack/port_names.hpp"
#include "jack_harness.hpp"
#include "programs.hpp"

using namespace headamp::test;
using namespace std::chrono_literals;

namespace {

constexpr int64_t kRecordFrames = 24000;  // 0.5 s

// Two mixes: "singer" hears only the mono source, "keyboardist" only the stereo pair.
const char* kConfig = R"(
[jack]
connect_physical = false

[[source]]
name = "vox"
ports = ["feeder:mono"]

[[source]]
name = "keys"
ports = ["feeder:left", "feeder:right"]

[[mix]]
name = "singer"
outputs = ["recorder:vox_L", "recorder:vox_R"]
[mix.send.keys]
mute = true

[[mix]]
name = "keyboardist"
outputs = ["recorder:keys_L", "recorder:keys_R"]
[mix.send.vox]
mute = true
)";

class HeadampdOnJack : public ::testing::Test {
protected:
    void SetUp() override {
        server_ = std::make_unique<JackServer>(unique_server_name("headampd"), 256, true);
        config_ = "/tmp/" + server_->name() + ".conf";
        std::ofstream(config_) << kConfig;
        start_clients();
        daemon_ = std::make_unique<ChildProcess>(
            std::vector<std::string>{headampd_path(), "--server", server_->name(), "--config", config_, "--socket",
                                     "/tmp/" + server_->name() + ".sock", "--verbose"},
            std::vector<std::string>{}, "/tmp/" + server_->name() + ".headampd.log");
    }

    void start_clients() {
        feeder_ = std::make_unique<SignalClient>(
            server_->name(), "feeder",
            std::vector<std::pair<std::string, Signal>>{
                {"mono", sine(0.5, 1000)}, {"left", sine(0.25, 500)}, {"right", sine(0.125, 750)}},
            std::vector<std::string>{}, 0);
        recorder_ = std::make_unique<SignalClient>(
            server_->name(), "recorder", std::vector<std::pair<std::string, Signal>>{},
            std::vector<std::string>{"vox_L", "vox_R", "keys_L", "keys_R"}, kRecordFrames);
        inspector_ = std::make_unique<JackHandle>(server_->name(), "inspector");
    }

    // One inspecting client per server: opening clients in a polling loop races with their own
    // notification sockets on a freshly restarted server.
    bool wait_until_patched() {
        return JackHandle::wait_for(
            [&] {
                return inspector_->connected("headamp:keyboardist_R", "recorder:keys_R") &&
                       inspector_->connected("feeder:right", "headamp:keys_R") &&
                       inspector_->connected("feeder:mono", "headamp:vox");
            },
            10s);
    }

    // Checks levels, L/R and sample alignment of both mixes over one recording.
    void check_audio() {
        ASSERT_TRUE(wait_until_patched()) << server_->log();
        std::this_thread::sleep_for(100ms);  // fades (10 ms) done
        ASSERT_TRUE(recorder_->record());
        const int64_t t0 = recorder_->first_frame();
        const auto& vl = recorder_->recorded("vox_L");
        const auto& vr = recorder_->recorded("vox_R");
        const auto& kl = recorder_->recorded("keys_L");
        const auto& kr = recorder_->recorded("keys_R");
        std::vector<float> mono_in, left_in, right_in;
        for (int64_t k = 0; k < kRecordFrames; ++k) {
            mono_in.push_back(feeder_->expected("mono", t0 + k));
            left_in.push_back(feeder_->expected("left", t0 + k));
            right_in.push_back(feeder_->expected("right", t0 + k));
        }
        // Mono source, centred, -3 dB law: -3.01 dB in both ears.
        EXPECT_NEAR(rms_db(vl) - rms_db(mono_in), -3.0103, 0.05);
        EXPECT_NEAR(rms_db(vr) - rms_db(mono_in), -3.0103, 0.05);
        // Linked pair: L to L and R to R at unity.
        EXPECT_NEAR(rms_db(kl) - rms_db(left_in), 0.0, 0.05);
        EXPECT_NEAR(rms_db(kr) - rms_db(right_in), 0.0, 0.05);
        // Sample by sample, in the same JACK cycle: aligned, not swapped, no leakage.
        double vox_err = 0, keys_err = 0;
        for (std::size_t k = 0; k < vl.size(); ++k) {
            const float centred = static_cast<float>(mono_in[k] * std::cos(std::numbers::pi / 4));
            vox_err = std::max({vox_err, std::fabs(double(vl[k]) - centred), std::fabs(double(vr[k]) - centred)});
            keys_err =
                std::max({keys_err, std::fabs(double(kl[k]) - left_in[k]), std::fabs(double(kr[k]) - right_in[k])});
        }
        EXPECT_LT(vox_err, 1e-5) << "mono mix not sample-aligned with its input";
        EXPECT_LT(keys_err, 1e-6) << "stereo pair swapped, leaking or not sample-aligned";
    }

    void TearDown() override {
        if (daemon_) {
            EXPECT_EQ(daemon_->stop(SIGTERM), 0) << "headampd did not exit cleanly on SIGTERM";
        }
        std::remove(config_.c_str());
    }

    std::unique_ptr<JackServer> server_;
    std::string config_;
    std::unique_ptr<SignalClient> feeder_;
    std::unique_ptr<SignalClient> recorder_;
    std::unique_ptr<JackHandle> inspector_;
    std::unique_ptr<ChildProcess> daemon_;
};

}  // namespace

TEST_F(HeadampdOnJack, MixesCarryKnownSignalsAtTheRightLevelsSideAndSample) { check_audio(); }

TEST_F(HeadampdOnJack, RegistersOneInputPerSourceChannelAndTwoOutputsPerMix) {
    ASSERT_TRUE(wait_until_patched());
    JackHandle& h = *inspector_;
    for (const char* p : {"headamp:vox", "headamp:keys_L", "headamp:keys_R", "headamp:singer_L", "headamp:singer_R",
                          "headamp:keyboardist_L", "headamp:keyboardist_R"})
        EXPECT_TRUE(h.port_exists(p)) << p;
    const headamp::jack::PortNameArray ports(jack_get_ports(h.get(), "^headamp:", nullptr, 0));
    int n = 0;
    for (const char** q = ports.get(); q && *q; ++q) ++n;
    EXPECT_EQ(n, 7);
}

TEST_F(HeadampdOnJack, ReportsTheLatencyOfItsSurroundingsAndAddsNone) {
    ASSERT_TRUE(wait_until_patched());
    feeder_->announce_latency(100, 0);
    recorder_->announce_latency(0, 300);
    JackHandle& h = *inspector_;
    ASSERT_TRUE(JackHandle::wait_for(
        [&] {
            jack_latency_range_t r;
            jack_port_get_latency_range(jack_port_by_name(h.get(), "headamp:singer_L"), JackCaptureLatency, &r);
            return r.min == 100 && r.max == 100;
        },
        5s))
        << "capture latency of the outputs is not that of the inputs";
    ASSERT_TRUE(JackHandle::wait_for(
        [&] {
            jack_latency_range_t r;
            jack_port_get_latency_range(jack_port_by_name(h.get(), "headamp:keys_L"), JackPlaybackLatency, &r);
            return r.min == 300 && r.max == 300;
        },
        5s))
        << "playback latency of the inputs is not that of the outputs";
}

TEST_F(HeadampdOnJack, SurvivesAServerKillAndRebuildsItsPortsAndConnections) {
    check_audio();
    feeder_.reset();
    recorder_.reset();
    inspector_.reset();
    server_->kill_hard();
    std::this_thread::sleep_for(500ms);
    ASSERT_TRUE(daemon_->running()) << "headampd died with the server";
    server_->restart();
    start_clients();
    const auto t0 = std::chrono::steady_clock::now();
    ASSERT_TRUE(wait_until_patched());
    std::printf(
        "[ timing ] server back -> headampd patched again: %lld ms\n",
        static_cast<long long>(
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count()));
    check_audio();
}

TEST(Headampd, RejectsUsageErrorsAndBrokenConfigsWithExitStatus2) {
    {
        ChildProcess p({headampd_path(), "--bogus"}, {}, "/tmp/headampd-usage.log");
        EXPECT_EQ(p.stop(0), 2);
    }
    const std::string bad = "/tmp/headampd-bad-" + std::to_string(getpid()) + ".conf";
    std::ofstream(bad) << "[[mix]]\nname = \"a\"\nmaster_db = nan\n";
    ChildProcess p({headampd_path(), "--config", bad, "--server", "nonexistent"}, {}, "/tmp/headampd-bad.log");
    EXPECT_EQ(p.stop(0), 2);
    std::remove(bad.c_str());
}
