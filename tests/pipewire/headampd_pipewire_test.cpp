// headampd under pw-jack on a private PipeWire + WirePlumber: two identical fake USB cards found by
// PipeWire's properties and told apart, known signals recorded sample by sample at each card's
// playback (a mono source at -3.01 dB in both ears, a stereo pair L to L and R to R), a node that
// disappears, and PipeWire killed and started again.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numbers>

#include <nlohmann/json.hpp>

#include "control/control_client.hpp"
#include "jack/audio_stack.hpp"
#include "pipewire_stack.hpp"
#include "programs.hpp"

using namespace headamp::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

constexpr int64_t kRecordFrames = 24000;  // 0.5 s
const char* kServer = "pipewire-0";       // pipewire-jack takes a server name as the PipeWire socket's

// Twins: the same description (JACK client name) and USB ids, other serials and card numbers.
const FakeCard kCardA{7, "FakeA", 2, 2};
const FakeCard kCardB{8, "FakeB", 2, 2};

std::string feed_line(const char* action, const FakeCard& card, const std::string& card_id) {
    return std::string(action) + "\t1234\t5678\tSERIAL" + std::to_string(card.card) + "\t1-" +
           std::to_string(card.card) + "\tFake\tInterface\t" + std::to_string(card.card) + "\t" + card_id + "\t" +
           std::to_string(card.inputs) + "\t" + std::to_string(card.outputs) + "\n";
}

// Whether `port` (a full name; "" when not found) is connected to `other`, by the port's connection list.
bool linked(jack_client_t* c, const std::string& port, const std::string& other) {
    const jack_port_t* p = port.empty() ? nullptr : jack_port_by_name(c, port.c_str());
    if (!p) return false;
    const char** connections = jack_port_get_all_connections(c, p);
    bool found = false;
    for (std::size_t i = 0; connections && connections[i]; ++i) found = found || other == connections[i];
    jack_free(connections);
    return found;
}

class HeadampdOnPipeWire : public ::testing::Test {
protected:
    void SetUp() override {
        stack_ = std::make_unique<PipeWireStack>("headampd", std::vector<FakeCard>{kCardA, kCardB});
        config_ = (stack_->dir() / "headamp.conf").string();
        socket_ = (stack_->dir() / "control").string();
        feed_ = (stack_->dir() / "feed").string();
        std::ofstream(config_) << "[jack]\nconnect_physical = false\n";
        ASSERT_EQ(mkfifo(feed_.c_str(), 0600), 0);
        start_clients();
        daemon_ = std::make_unique<ChildProcess>(
            std::vector<std::string>{headampd_path(), "--config", config_, "--socket", socket_, "--verbose"},
            std::vector<std::string>{"HEADAMP_DEVICE_FEED=" + feed_}, (stack_->dir() / "headampd.log").string());
        // Blocks until headampd has opened its end of the FIFO.
        std::ofstream(feed_) << feed_line("add", kCardA, "Fake") << feed_line("add", kCardB, "Fake_1");
    }

    void TearDown() override {
        if (daemon_) {
            EXPECT_EQ(daemon_->stop(SIGTERM), 0) << "headampd did not exit cleanly on SIGTERM\n" << log();
        }
        feeder_.reset();
        recorder_.reset();
    }

    std::string log() const {
        std::ifstream in(stack_->dir() / "headampd.log");
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

    // The feeder plays into the fake cards' inputs (card A: mono; card B: a stereo pair), the
    // recorder listens to what reaches their playback (the sinks' monitors).
    void start_clients() {
        feeder_ = std::make_unique<SignalClient>(
            kServer, "feeder",
            std::vector<std::pair<std::string, Signal>>{
                {"mono", sine(0.5, 1000)}, {"left", sine(0.25, 500)}, {"right", sine(0.125, 750)}},
            std::vector<std::string>{}, 0);
        recorder_ = std::make_unique<SignalClient>(kServer, "recorder", std::vector<std::pair<std::string, Signal>>{},
                                                   std::vector<std::string>{"a_L", "a_R", "b_L", "b_R"}, kRecordFrames);
        jack_client_t* c = feeder_->client();
        const std::pair<std::string, std::string> links[] = {
            {"feeder:mono", "FakeA:input_AUX0"},    {"feeder:left", "FakeB:input_AUX0"},
            {"feeder:right", "FakeB:input_AUX1"},   {"FakeA:monitor_AUX0", "recorder:a_L"},
            {"FakeA:monitor_AUX1", "recorder:a_R"}, {"FakeB:monitor_AUX0", "recorder:b_L"},
            {"FakeB:monitor_AUX1", "recorder:b_R"}};
        // The test's own ports by name, the cards' by their alias "<nick>:<port>".
        const auto resolve = [c](const std::string& port) {
            return port.rfind("feeder:", 0) == 0 || port.rfind("recorder:", 0) == 0 ? port : port_by_alias(c, port);
        };
        for (const auto& [from, to] : links) {
            std::string a, b;
            ASSERT_TRUE(JackHandle::wait_for(
                [&] {
                    a = resolve(from);
                    b = resolve(to);
                    return !a.empty() && !b.empty();
                },
                10s))
                << from << " -> " << to << "\n"
                << stack_->logs();
            ASSERT_EQ(jack_connect(c, a.c_str(), b.c_str()), 0) << a << " -> " << b;
        }
    }

    json request(const json& r) const {
        headamp::control::ControlClient client(socket_);
        return client.request(r);
    }

    // Both devices patched; returns status.
    json wait_until_patched() {
        json status;
        const bool ok = JackHandle::wait_for(
            [&] {
                try {
                    status = request({{"op", "status"}});
                } catch (const std::exception&) {
                    return false;
                }
                if (!status.value("ok", false) || status["devices"].size() != 2) return false;
                for (const json& d : status["devices"])
                    if (!d["patched"].get<bool>()) return false;
                return true;
            },
            15s);
        EXPECT_TRUE(ok) << status.dump() << "\n" << log();
        return status;
    }

    // Card A's mix hears only its mono source; card B's only its linked pair.
    void make_mixes() {
        ASSERT_TRUE(request({{"op", "link"}, {"source", "Fake_1-in1"}}).value("ok", false));
        for (const auto& [mix, source] : {std::pair{"Fake-mix", "Fake_1-in1"}, std::pair{"Fake-mix", "Fake-in2"},
                                          std::pair{"Fake_1-mix", "Fake-in1"}, std::pair{"Fake_1-mix", "Fake-in2"}}) {
            const json r = request({{"op", "set"}, {"mix", mix}, {"source", source}, {"mute", true}});
            ASSERT_TRUE(r.value("ok", false)) << r.dump();
        }
    }

    // Waits until every link headampd makes to the cards is there (after a re-patch).
    bool wait_linked(bool card_a) {
        jack_client_t* c = feeder_->client();
        return JackHandle::wait_for(
            [&] {
                const std::string a0 = port_by_alias(c, "FakeA:capture_AUX0");
                const std::string b1 = port_by_alias(c, "FakeB:capture_AUX1");
                const std::string pa = port_by_alias(c, "FakeA:playback_AUX1");
                const std::string pb = port_by_alias(c, "FakeB:playback_AUX1");
                // Card B's second input feeds the pair's right side, "headamp:Fake_1-in1_R" in headampd;
                // pipewire-jack 0.3.65 does not tell other clients of a renamed port, so the test may
                // still see its old name. The recording tells whether it is the right one.
                return (!card_a || linked(c, a0, "headamp:Fake-in1")) &&
                       (linked(c, b1, "headamp:Fake_1-in1_R") || linked(c, b1, "headamp:Fake_1-in2")) &&
                       linked(c, pa, "headamp:Fake-mix_R") && linked(c, pb, "headamp:Fake_1-mix_R");
            },
            15s);
    }

    // The cards' ports and what they are connected to, for failure messages.
    std::string connections() const {
        jack_client_t* c = feeder_->client();
        std::string out;
        for (const char* alias :
             {"FakeA:capture_AUX0", "FakeB:capture_AUX1", "FakeA:playback_AUX1", "FakeB:playback_AUX1"}) {
            const std::string port = port_by_alias(c, alias);
            out += std::string(alias) + " = '" + port + "' ->";
            const jack_port_t* p = port.empty() ? nullptr : jack_port_by_name(c, port.c_str());
            const char** list = p ? jack_port_get_all_connections(c, p) : nullptr;
            for (std::size_t i = 0; list && list[i]; ++i) out += std::string(" ") + list[i];
            jack_free(list);
            out += "\n";
        }
        return out;
    }

    struct Check {
        bool card_a = true;
        bool card_b = true;
    };

    // The largest difference between what a card played and what it should have, `lag` frames later.
    static double error_at(const std::vector<float>& got, const std::function<double(int64_t)>& want, int64_t lag) {
        double err = 0;
        for (int64_t k = lag; k < static_cast<int64_t>(got.size()); ++k)
            err = std::max(err, std::fabs(double(got[static_cast<std::size_t>(k)]) - want(k - lag)));
        return err;
    }

    // The whole number of quanta (0, 1 or 2) by which a card's playback trails the feeder: PipeWire
    // orders the fake cards' null-sink nodes by itself, and a card's monitor may be read a cycle late.
    // Both ears must have the same one (rule 3); the samples must then be exact.
    static int64_t lag_of(const std::vector<float>& got, const std::function<double(int64_t)>& want, int64_t quantum) {
        int64_t best = 0;
        for (int64_t lag = quantum; lag <= 2 * quantum; lag += quantum)
            if (error_at(got, want, lag) < error_at(got, want, best)) best = lag;
        return best;
    }

    // Levels, sides and sample alignment on each card's playback, over one recording.
    void check_audio(Check which) {
        ASSERT_TRUE(wait_linked(which.card_a)) << connections() << log();
        std::this_thread::sleep_for(200ms);  // fades (10 ms) done
        ASSERT_TRUE(recorder_->record());
        const int64_t t0 = recorder_->first_frame();
        const int64_t quantum = jack_get_buffer_size(recorder_->client());
        const auto want = [&](const char* port, double gain) {
            return std::function<double(int64_t)>(
                [=, this](int64_t k) { return gain * feeder_->expected(port, t0 + k); });
        };
        const double centre = std::cos(std::numbers::pi / 4);  // -3 dB law: -3.01 dB in both ears
        if (which.card_a) {
            const auto& al = recorder_->recorded("a_L");
            const auto& ar = recorder_->recorded("a_R");
            const int64_t lag = lag_of(al, want("mono", centre), quantum);
            std::printf("[ lag ] card A: %lld frames (quantum %lld)\n", static_cast<long long>(lag),
                        static_cast<long long>(quantum));
            EXPECT_EQ(lag_of(ar, want("mono", centre), quantum), lag) << "card A's ears are not in the same cycle";
            EXPECT_LT(error_at(al, want("mono", centre), lag), 1e-5) << "card A's left is not its mono source, centred";
            EXPECT_LT(error_at(ar, want("mono", centre), lag), 1e-5)
                << "card A's right is not its mono source, centred";
        }
        if (which.card_b) {
            const auto& bl = recorder_->recorded("b_L");
            const auto& br = recorder_->recorded("b_R");
            const int64_t lag = lag_of(bl, want("left", 1.0), quantum);
            std::printf("[ lag ] card B: %lld frames (quantum %lld)\n", static_cast<long long>(lag),
                        static_cast<long long>(quantum));
            EXPECT_EQ(lag_of(br, want("right", 1.0), quantum), lag) << "card B's ears are not in the same cycle";
            EXPECT_LT(error_at(bl, want("left", 1.0), lag), 1e-6) << "card B's left is not the pair's left";
            EXPECT_LT(error_at(br, want("right", 1.0), lag), 1e-6) << "card B's right is not the pair's right";
        }
    }

    std::unique_ptr<PipeWireStack> stack_;
    std::string config_, socket_, feed_;
    std::unique_ptr<SignalClient> feeder_, recorder_;
    std::unique_ptr<ChildProcess> daemon_;
};

}  // namespace

TEST_F(HeadampdOnPipeWire, SaysItIsOnPipeWireAndStartsNoJackdAndNoBridge) {
    const json status = wait_until_patched();
    EXPECT_EQ(status["jack"]["stack"], "pipewire") << status["jack"].dump();
    EXPECT_FALSE(status["jack"]["stack_version"].get<std::string>().empty());
    EXPECT_GT(status["jack"]["buffer_size"].get<int>(), 0);  // the graph's quantum
    for (const json& d : status["devices"]) {
        EXPECT_EQ(d["graph"], "jack") << d.dump();
        EXPECT_TRUE(d["bridges"].empty()) << d.dump();
    }
    const std::string l = log();
    EXPECT_NE(l.find("libjack is PipeWire's"), std::string::npos) << l;
    EXPECT_EQ(l.find("starting a JACK server"), std::string::npos) << l;
    EXPECT_EQ(l.find("zita"), std::string::npos) << l;
}

TEST_F(HeadampdOnPipeWire, TwoIdenticalCardsAreToldApartByTheirPipeWireProperties) {
    const json status = wait_until_patched();
    jack_client_t* c = feeder_->client();
    for (const json& d : status["devices"]) {
        const std::string nick = d["card"] == kCardA.card ? "FakeA" : "FakeB";
        ASSERT_EQ(d["capture_ports"].size(), 2u) << d.dump();
        ASSERT_EQ(d["playback_ports"].size(), 2u) << d.dump();
        for (int n = 0; n < 2; ++n) {
            EXPECT_EQ(d["capture_ports"][n], port_by_alias(c, nick + ":capture_AUX" + std::to_string(n))) << d.dump();
            EXPECT_EQ(d["playback_ports"][n], port_by_alias(c, nick + ":playback_AUX" + std::to_string(n))) << d.dump();
        }
    }
    // The twins' JACK names differ only by PipeWire's suffix.
    EXPECT_NE(status["devices"][0]["capture_ports"][0], status["devices"][1]["capture_ports"][0]);
}

TEST_F(HeadampdOnPipeWire, MonoCentredAndStereoPairOnEachCardsPhonesSampleExact) {
    wait_until_patched();
    make_mixes();
    check_audio({});
}

TEST_F(HeadampdOnPipeWire, ANodeDisappearingLeavesTheOtherCardsMixExact) {
    wait_until_patched();
    make_mixes();
    check_audio({});
    stack_->destroy_node(PipeWireStack::source_node(kCardA));
    ASSERT_TRUE(
        JackHandle::wait_for([&] { return port_by_alias(feeder_->client(), "FakeA:capture_AUX0").empty(); }, 5s));
    std::this_thread::sleep_for(300ms);
    ASSERT_TRUE(daemon_->running()) << log();
    // Card B's mix is as exact as before; card A's input is gone (nothing to hear there).
    check_audio({false, true});
}

TEST_F(HeadampdOnPipeWire, PipeWireKilledHeadampdStaysReconnectsAndPatchesAgain) {
    wait_until_patched();
    make_mixes();
    check_audio({});
    feeder_.reset();
    recorder_.reset();
    stack_->kill();
    std::this_thread::sleep_for(500ms);
    ASSERT_TRUE(daemon_->running()) << "headampd died with PipeWire\n" << log();
    stack_->start();
    start_clients();
    const auto t0 = std::chrono::steady_clock::now();
    check_audio({});
    std::printf(
        "[ timing ] PipeWire back -> headampd patched and heard again: %lld ms\n",
        static_cast<long long>(
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count()));
    EXPECT_NE(log().find("PipeWire went away"), std::string::npos);
    // The client of the PipeWire that was killed: closed, but on a pipewire-jack that would free its
    // ports' buffers twice doing so (1.3.81 and later, jack/audio_stack.hpp), kept; headampd then still
    // stops cleanly (TearDown).
    const bool kept = log().find("keeping the closed-down JACK client") != std::string::npos;
    EXPECT_EQ(kept, !headamp::jack::closes_dead_clients_safely(headamp::jack::detect_audio_stack())) << log();
}

// A card unplugged and plugged 25 times: each time it is patched again, and the audio is exact after.
// Each patch makes links whose latencies PipeWire then reports on headamp's ports, on pipewire-jack's
// own thread, while headampd's main thread goes on linking; a latency callback of headamp's own once
// made libpipewire abort there in the VM (see jack_client.cpp). This test did not make it abort on the
// host, with or without that callback: it guards the replug, not that race.
TEST_F(HeadampdOnPipeWire, ReplugsWhileLatenciesChangeLeaveItRunning) {
    wait_until_patched();
    const auto plug = [&](const char* action) { std::ofstream(feed_) << feed_line(action, kCardA, "Fake"); };
    constexpr int kReplugs = 25;
    for (int i = 0; i < kReplugs; ++i) {
        plug("remove");
        ASSERT_TRUE(JackHandle::wait_for(
            [&] {
                const json s = request({{"op", "status"}});
                return s["devices"].size() == 1;
            },
            10s))
            << "replug " << i << ": card A never left\n"
            << log();
        plug("add");
        wait_until_patched();
        ASSERT_TRUE(daemon_->running()) << "replug " << i << "\n" << log();
        ASSERT_FALSE(HasFailure()) << "replug " << i;
    }
    // Both ways linked again, and the audio still exact.
    make_mixes();
    check_audio({});
}

// headampd with JACK2's libjack (pw-jack's library path taken away), as the systemd user unit starts it,
// on a machine where PipeWire runs, with `extra_env` added to its environment.
class HeadampdOnJack2BesidePipeWire : public ::testing::Test {
protected:
    void start(const std::vector<std::string>& extra_env) {
        config_ = (stack_.dir() / "headamp.conf").string();
        socket_ = (stack_.dir() / "control").string();
        const std::string feed = (stack_.dir() / "feed").string();
        std::ofstream(config_) << "[jack]\nconnect_physical = false\n";
        ASSERT_EQ(mkfifo(feed.c_str(), 0600), 0);
        std::vector<std::string> env{"HEADAMP_DEVICE_FEED=" + feed};
        env.insert(env.end(), extra_env.begin(), extra_env.end());
        daemon_ = std::make_unique<ChildProcess>(
            std::vector<std::string>{"/usr/bin/env", "-u", "LD_LIBRARY_PATH", headampd_path(), "--config", config_,
                                     "--socket", socket_, "--verbose"},
            env, (stack_.dir() / "headampd.log").string());
        std::ofstream(feed) << feed_line("add", kCardA, "Fake");
    }

    std::string log() const {
        std::ifstream in(stack_.dir() / "headampd.log");
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

    PipeWireStack stack_{"jack2", {kCardA}};
    std::string config_, socket_;
    std::unique_ptr<ChildProcess> daemon_;
};

TEST_F(HeadampdOnJack2BesidePipeWire, StartsNoJackdOnACardPipeWireHolds) {
    // An interface arrives, no JACK server answers, and jackd would fight PipeWire for the card.
    // HEADAMP_LIBJACK=system: headampd stays on JACK2's libjack instead of starting again on PipeWire's.
    start({"HEADAMP_LIBJACK=system"});
    ASSERT_TRUE(
        JackHandle::wait_for([&] { return log().find("not starting one for card 7") != std::string::npos; }, 10s))
        << log();
    std::this_thread::sleep_for(500ms);
    const std::string l = log();
    EXPECT_NE(l.find("libjack is JACK2's"), std::string::npos) << l;
    EXPECT_NE(l.find("run headampd through pw-jack"), std::string::npos) << l;
    EXPECT_EQ(l.find("starting a JACK server"), std::string::npos) << l;
    EXPECT_EQ(daemon_->stop(SIGTERM), 0) << l;
}

TEST_F(HeadampdOnJack2BesidePipeWire, StartsAgainOnPipeWiresLibjackAsTheSameProcessAndPatches) {
    // What the user unit does on a PipeWire desktop: plain headampd, no pw-jack.
    start({});
    json status;
    ASSERT_TRUE(JackHandle::wait_for(
        [&] {
            try {
                headamp::control::ControlClient client(socket_);
                status = client.request({{"op", "status"}});
            } catch (const std::exception&) {
                return false;
            }
            return status["devices"].size() == 1 && status["devices"][0].value("patched", false);
        },
        15s))
        << status.dump() << "\n"
        << log();
    EXPECT_EQ(status["jack"]["stack"], "pipewire") << status["jack"].dump();
    // The same process (exec, not a child): systemd's Type=notify and its restarts follow the same pid.
    EXPECT_EQ(status["daemon"]["pid"], daemon_->pid());
    const std::string l = log();
    EXPECT_NE(l.find("starting again on PipeWire's libjack"), std::string::npos) << l;
    EXPECT_NE(l.find("libjack is PipeWire's"), std::string::npos) << l;
    EXPECT_EQ(l.find("run headampd through pw-jack"), std::string::npos) << l;
    EXPECT_EQ(l.find("starting a JACK server"), std::string::npos) << l;
    EXPECT_EQ(daemon_->stop(SIGTERM), 0) << l;
}
