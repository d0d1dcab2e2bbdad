// The JACK server headamp starts on a plugged interface: a fake jackd (tests/devices/fake_jackd.sh,
// the dummy backend with the ALSA driver's port aliases) in place of jackd, devices injected as
// udev would report them. Started when none runs, never when one does or when the config says no,
// moved to the next device when its own leaves, restarted when it dies, stopped and reaped at exit.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "device_test_helpers.hpp"
#include "devices/device_manager.hpp"
#include "devices/server_starter.hpp"
#include "jack_harness.hpp"

using namespace headamp;
using namespace headamp::test;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// Bounds that mean "did not hang": jackd takes ~1-3 s to start here, far longer under sanitizers.
constexpr auto kServerUp = 30s;

// Gone and reaped: a zombie still answers kill(pid, 0).
bool reaped(pid_t pid) { return ::kill(pid, 0) != 0 && errno == ESRCH; }

bool server_runs(const std::string& name) {
    jack_status_t status;
    jack_client_t* c = jack_client_open("probe", static_cast<jack_options_t>(JackNoStartServer | JackServerName),
                                        &status, name.c_str());
    if (!c) return false;
    jack_client_close(c);
    return true;
}

class ServerStarterTest : public ::testing::Test {
protected:
    void SetUp() override {
        name_ = unique_server_name("starter");
        state_ = fs::temp_directory_path() / (name_ + "-state");
        record_ = fs::temp_directory_path() / (name_ + ".started");
        fs::remove_all(state_);
        fs::remove(record_);
    }

    void TearDown() override {
        starter_.reset();
        rig_.reset();
        fs::remove_all(state_);
        fs::remove(record_);
    }

    void start(bool start_server) {
        rig_ = std::make_unique<DeviceRig>(loop_, engine_, name_, state_);
        jack::ServerSettings settings;
        settings.command = {FAKE_JACKD};
        settings.name = name_;
        starter_ = std::make_unique<devices::ServerStarter>(
            loop_, *rig_->session, *rig_->manager, settings, start_server,
            std::vector<std::string>{"JACK_NO_AUDIO_RESERVATION=1", "FAKE_JACKD_RECORD=" + record_.string()});
    }

    bool run_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
        return run_loop_until(loop_, pred, timeout);
    }

    void spin(std::chrono::milliseconds how_long) {
        run_until([] { return false; }, how_long);
    }

    // "PID NAME DEVICE" per server the fake jackd ran as.
    std::vector<std::string> started() const {
        std::vector<std::string> lines;
        std::ifstream in(record_);
        for (std::string line; std::getline(in, line);) lines.push_back(line);
        return lines;
    }

    bool connected(const std::string& a, const std::string& b) { return ports_connected(name_, a, b); }

    std::string name_;
    fs::path state_;
    fs::path record_;
    core::Engine engine_{48000.0};
    MainLoop loop_;
    std::unique_ptr<DeviceRig> rig_;
    std::unique_ptr<devices::ServerStarter> starter_;
};

}  // namespace

TEST_F(ServerStarterTest, WithNoServerTheFirstDeviceGetsOneAndIsJacksOwnDevice) {
    start(true);
    const hotplug::Device solo = solo_device("S1", 5, "Solo");
    const auto t0 = std::chrono::steady_clock::now();
    starter_->add(solo);
    ASSERT_TRUE(starter_->pid());
    EXPECT_EQ(starter_->carrier(), solo.identity());
    ASSERT_TRUE(run_until([&] { return rig_->session->connected(); }, kServerUp));
    const auto connected_after = std::chrono::steady_clock::now() - t0;
    ASSERT_TRUE(run_until([&] { return rig_->manager->patched(solo.identity()); }, kServerUp));
    const auto patched_after = std::chrono::steady_clock::now() - t0;
    // jackd was given the card by id, under the configured name, as a child of ours.
    ASSERT_EQ(started().size(), 1u);
    EXPECT_EQ(started()[0], std::to_string(*starter_->pid()) + " " + name_ + " hw:Solo");
    // Its system ports are the device's: no bridge, and the device's mix plays on them.
    EXPECT_EQ(rig_->manager->bridge(solo.identity(), jack::BridgeDirection::Capture), nullptr);
    EXPECT_EQ(rig_->manager->bridge(solo.identity(), jack::BridgeDirection::Playback), nullptr);
    EXPECT_TRUE(run_until(
        [&] {
            return connected("system:capture_1", "headamp:Solo-in1") &&
                   connected("system:capture_2", "headamp:Solo-in2") &&
                   connected("headamp:Solo-mix_L", "system:playback_1") &&
                   connected("headamp:Solo-mix_R", "system:playback_2");
        },
        5s));
    EXPECT_EQ(starter_->starts(), 1u);
    std::printf("[ timing ] plug -> headamp connected to the server it started: %lld ms, patched: %lld ms\n",
                static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(connected_after).count()),
                static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(patched_after).count()));
}

TEST_F(ServerStarterTest, WithStartServerOffNothingIsStarted) {
    start(false);
    const hotplug::Device solo = solo_device("S1", 5, "Solo");
    starter_->add(solo);
    spin(1500ms);
    EXPECT_FALSE(starter_->pid());
    EXPECT_FALSE(starter_->carrier());
    EXPECT_EQ(starter_->starts(), 0u);
    EXPECT_TRUE(started().empty());
    EXPECT_FALSE(rig_->session->connected());
    EXPECT_FALSE(server_runs(name_));
    // The device waits for a server like before: one started by someone else is used.
    JackServer server(name_);
    EXPECT_TRUE(run_until([&] { return rig_->manager->patched(solo.identity()); }, kServerUp)) << server.log();
    EXPECT_EQ(starter_->starts(), 0u);
}

TEST_F(ServerStarterTest, AServerThatIsAlreadyRunningIsUsedAndNeverTouched) {
    JackServer server(name_);
    start(true);
    const hotplug::Device a = solo_device("S1", 5, "Solo");
    const hotplug::Device b = solo_device("S2", 6, "Solo_1");
    starter_->add(a);
    starter_->add(b);
    ASSERT_TRUE(run_until([&] { return rig_->manager->patched(a.identity()) && rig_->manager->patched(b.identity()); },
                          kServerUp))
        << server.log();
    EXPECT_NE(rig_->manager->bridge(a.identity(), jack::BridgeDirection::Capture), nullptr);  // not JACK's own card
    starter_->remove(a);
    starter_->remove(b);
    spin(500ms);
    starter_.reset();  // what headampd does on SIGTERM
    EXPECT_TRUE(started().empty());
    EXPECT_TRUE(server_runs(name_)) << server.log();
    EXPECT_TRUE(rig_->session->connected());
}

TEST_F(ServerStarterTest, WhenItsDeviceLeavesTheServerIsStoppedAndComesBackOnTheNextDevice) {
    start(true);
    const hotplug::Device a = solo_device("S1", 5, "Solo");
    const hotplug::Device b = solo_device("S2", 6, "Solo_1");
    starter_->add(a);
    ASSERT_TRUE(run_until([&] { return rig_->manager->patched(a.identity()); }, kServerUp));
    starter_->add(b);
    ASSERT_TRUE(run_until([&] { return rig_->manager->patched(b.identity()); }, kServerUp));
    EXPECT_NE(rig_->manager->bridge(b.identity(), jack::BridgeDirection::Capture), nullptr);  // bridged onto a's server
    const pid_t first = *starter_->pid();

    const auto t0 = std::chrono::steady_clock::now();
    starter_->remove(a);
    const auto stopped_after = std::chrono::steady_clock::now() - t0;
    EXPECT_TRUE(reaped(first)) << "the server on the device that left is still there, or a zombie";
    // Back on b, which is now JACK's own device: its bridges went before jackd opened its card.
    ASSERT_TRUE(starter_->pid());
    EXPECT_NE(*starter_->pid(), first);
    EXPECT_EQ(starter_->carrier(), b.identity());
    EXPECT_EQ(starter_->starts(), 2u);
    ASSERT_TRUE(run_until([&] { return started().size() == 2; }, kServerUp));
    EXPECT_EQ(started()[1], std::to_string(*starter_->pid()) + " " + name_ + " hw:Solo_1");
    ASSERT_TRUE(
        run_until([&] { return rig_->manager->patched(b.identity()) && rig_->session->connected(); }, kServerUp));
    const auto back_after = std::chrono::steady_clock::now() - t0;
    EXPECT_EQ(rig_->manager->bridge(b.identity(), jack::BridgeDirection::Capture), nullptr);
    EXPECT_TRUE(run_until(
        [&] {
            return connected("system:capture_1", "headamp:Solo_1-in1") &&
                   connected("headamp:Solo_1-mix_R", "system:playback_2");
        },
        5s));
    std::printf("[ timing ] carrier left -> its server stopped and reaped: %lld ms; patched on the next: %lld ms\n",
                static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(stopped_after).count()),
                static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(back_after).count()));

    // The last device leaves: no server of ours is left.
    const pid_t second = *starter_->pid();
    starter_->remove(b);
    EXPECT_TRUE(reaped(second));
    EXPECT_FALSE(starter_->pid());
    EXPECT_FALSE(starter_->carrier());
    EXPECT_FALSE(server_runs(name_));
}

TEST_F(ServerStarterTest, AServerThatDiesWhileItsDeviceIsHereIsRestartedAndRepatched) {
    start(true);
    const hotplug::Device solo = solo_device("S1", 5, "Solo");
    starter_->add(solo);
    ASSERT_TRUE(run_until([&] { return rig_->manager->patched(solo.identity()); }, kServerUp));
    const pid_t first = *starter_->pid();
    ASSERT_EQ(::kill(first, SIGKILL), 0);
    ASSERT_TRUE(run_until([&] { return starter_->pid() && *starter_->pid() != first; }, kServerUp));
    EXPECT_TRUE(reaped(first));
    EXPECT_EQ(starter_->starts(), 1u);  // a restart, not a new server
    EXPECT_TRUE(run_until(
        [&] {
            return rig_->session->connected() && connected("system:capture_1", "headamp:Solo-in1") &&
                   connected("headamp:Solo-mix_R", "system:playback_2");
        },
        kServerUp));
}

TEST_F(ServerStarterTest, StoppingHeadampStopsTheServerItStarted) {
    start(true);
    const hotplug::Device solo = solo_device("S1", 5, "Solo");
    starter_->add(solo);
    ASSERT_TRUE(run_until([&] { return rig_->session->connected(); }, kServerUp));
    const pid_t pid = *starter_->pid();
    const auto t0 = std::chrono::steady_clock::now();
    starter_.reset();
    const auto took = std::chrono::steady_clock::now() - t0;
    EXPECT_TRUE(reaped(pid));
    EXPECT_FALSE(server_runs(name_));
    std::printf("[ timing ] stop of the started server (SIGTERM, reaped): %lld ms\n",
                static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()));
}
