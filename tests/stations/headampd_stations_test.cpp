// headampd with [network] stations = true in the stations world: a station that joins is a device
// and gets its own mix, heard at the station (mono centred at -3.01 dB in both ears, a linked pair
// exact and sample-aligned); a second station gets another; pulling one leaves the other's audio
// unbroken; a changed send comes back when the station rejoins, also as NAME-01 past its lingering
// old proxy; `headamp devices` lists it as a station with the latency it states, which is measured.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <numbers>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "control/control_client.hpp"
#include "recording.hpp"
#include "run_headamp.hpp"
#include "station_world.hpp"

using namespace headamp::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

constexpr double kRate = 48000.0;
constexpr double kToneDb = -9.0309;  // RMS of a 0.5 sine
constexpr double kCentreDb = -3.0103;

const char* kConfig = R"(
[jack]
connect_physical = false

[network]
stations = true

[[source]]
name = "tone"
ports = ["feeder:out"]

[[source]]
name = "keys"
ports = ["feeder:left", "feeder:right"]
)";

// Noise that names its frame: no stretch of it repeats, so where a copy of it starts is unambiguous.
// Within +-0.25, far below the limiter's ceiling.
float noise(int64_t frame, uint64_t seed) {
    uint64_t z = static_cast<uint64_t>(frame) + seed * 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return static_cast<float>(static_cast<double>(z >> 40) / 16777216.0 - 0.5) * 0.5f;
}

// For each whole block of `block` samples of x: the d in [lo, hi] for which x[i] equals f(first + d + i)
// exactly (within 1e-6) over the block, or nothing. Blocks, not the whole recording: NetJACK2 may
// drop or repeat a period under load, which moves every later sample by one.
std::vector<std::optional<int64_t>> offsets_of(const std::vector<float>& x, const std::function<float(int64_t)>& f,
                                               int64_t first, int64_t lo, int64_t hi, std::size_t block = 256) {
    std::vector<std::optional<int64_t>> offsets;
    for (std::size_t b = 0; b + block <= x.size(); b += block) {
        std::optional<int64_t> found;
        for (int64_t d = lo; d <= hi && !found; ++d) {
            std::size_t i = b;
            while (i < b + block && std::fabs(double(x[i]) - f(first + d + static_cast<int64_t>(i))) <= 1e-6) ++i;
            if (i == b + block) found = d;
        }
        offsets.push_back(found);
    }
    return offsets;
}

double rms_db_of(const std::vector<float>& x, std::size_t from, std::size_t to) {
    double sum = 0;
    for (std::size_t i = from; i < to; ++i) sum += double(x[i]) * x[i];
    return 10.0 * std::log10(sum / static_cast<double>(to - from));
}

class HeadampdStations : public ::testing::Test {
protected:
    void SetUp() override {
        if (auto why = stations_unavailable()) GTEST_SKIP() << *why;
        world_ = std::make_unique<StationWorld>();
        world_->start_main();
        dir_ = std::filesystem::path("/tmp") / (world_->prefix() + ".d");
        std::filesystem::create_directories(dir_);
        std::ofstream(dir_ / "headamp.conf") << kConfig;
        watch_ = open_client(world_->main_server(), "watch");
        open_client(world_->main_server(), "feeder-probe");  // ServerWedged rather than a hang
        feeder_ = std::make_unique<SignalClient>(
            world_->main_server(), "feeder",
            std::vector<std::pair<std::string, Signal>>{
                {"out",
                 [](int64_t t) {
                     return static_cast<float>(
                         0.5 * std::sin(2.0 * std::numbers::pi * 1000.0 * static_cast<double>(t % 48000) / kRate));
                 }},
                // The linked pair plays only in the test that listens to it.
                {"left", [this](int64_t t) { return pair_playing_.load() ? noise(t, 1) : 0.0f; }},
                {"right", [this](int64_t t) { return pair_playing_.load() ? noise(t, 2) : 0.0f; }}},
            std::vector<std::string>{}, 0);
        daemon_ = &world_->spawn({env_or("HEADAMPD", "build/src/daemon/headampd"), "--server", world_->main_server(),
                                  "--config", (dir_ / "headamp.conf").string(), "--socket", socket(), "--verbose"},
                                 "headampd", {"XDG_STATE_HOME=" + (dir_ / "state").string()});
        ASSERT_TRUE(JackHandle::wait_for([&] { return connected(); }, 10s)) << world_->log("headampd");
    }

    void TearDown() override {
        feeder_.reset();
        watch_.reset();
        world_.reset();
        std::error_code ec;
        if (!std::getenv("KEEP_STATIONS_TEST")) std::filesystem::remove_all(dir_, ec);
    }

    std::string socket() const { return (dir_ / "control").string(); }

    json request(const json& r) const {
        headamp::control::ControlClient c(socket());
        return c.request(r);
    }

    bool connected() const {
        try {
            return request({{"op", "status"}})["jack"]["connected"].get<bool>();
        } catch (const std::exception&) {
            return false;
        }
    }

    // The mix playing on a station's to_slave pair, as headampd's status says, or "".
    std::string mix_on(const std::string& station) const {
        const json s = request({{"op", "status"}});
        for (const json& m : s["mixes"]) {
            const json& out = m["output"];
            if (out.is_array() && out.size() == 2 && out[0] == station + ":to_slave_1" &&
                out[1] == station + ":to_slave_2")
                return m["name"].get<std::string>();
        }
        return "";
    }

    bool listed_as_device(const std::string& station) const { return !device(station).is_null(); }

    bool has_source(const std::string& name) const {
        const json s = request({{"op", "status"}});
        for (const json& source : s["sources"])
            if (source.value("name", "") == name) return true;
        return false;
    }

    // Every port a port is connected to, as the main server says.
    std::vector<std::string> connections_of(const std::string& port) const {
        std::vector<std::string> names;
        const jack_port_t* p = jack_port_by_name(watch_.get(), port.c_str());
        if (!p) return names;
        const char** all = jack_port_get_all_connections(watch_.get(), p);
        for (const char** c = all; c && *c; ++c) names.emplace_back(*c);
        jack_free(static_cast<void*>(all));
        return names;
    }

    // The device of that identity in headampd's status, or null.
    json device(const std::string& identity) const {
        const json s = request({{"op", "status"}});
        for (const json& d : s.value("devices", json::array()))
            if (d.value("identity", "") == identity) return d;
        return nullptr;
    }

    // What the station's phones get: its system:capture_1/2, recorded in its own JACK world.
    Recording record_at(const std::string& station, int64_t frames) {
        const std::string file = (dir_ / (station + ".rec")).string();
        std::filesystem::remove(file);
        ChildProcess& p = world_->spawn(
            {env_or("STATION_RECORDER", "build/tests/stations/station-recorder"), world_->station_server(station), file,
             std::to_string(frames), "20", "system:capture_1", "system:capture_2"},
            "recorder-" + station);
        EXPECT_EQ(p.stop(0 /* no signal: wait for its exit */, 25s), 0) << world_->log("recorder-" + station);
        return read_recording(file);
    }

    // Both ears of the second half of a recording (the first may hold the mix's 10 ms ramp).
    void expect_level(const Recording& r, double db, const std::string& what) {
        const std::size_t n = r.channels[0].size();
        for (int side = 0; side < 2; ++side) {
            const double got = rms_db_of(r.channels[static_cast<std::size_t>(side)], n / 2, n);
            std::printf("%s, %s: %.3f dB\n", what.c_str(), side == 0 ? "left" : "right", got);
            EXPECT_NEAR(got, db, 0.05) << what << (side == 0 ? " left" : " right");
        }
    }

    void join(const std::string& station) {
        world_->add_station(station);
        ASSERT_TRUE(JackHandle::wait_for([&] { return !mix_on(station).empty(); }, 5s))
            << "no mix went to " << station << "; headampd's log:\n"
            << world_->log("headampd");
    }

    std::unique_ptr<StationWorld> world_;
    std::filesystem::path dir_;
    ClientPtr watch_;
    std::atomic<bool> pair_playing_{false};  // read by the feeder: declared before it
    std::unique_ptr<SignalClient> feeder_;
    ChildProcess* daemon_ = nullptr;
};

TEST_F(HeadampdStations, AStationGetsItsOwnMixAndHearsAMonoSourceCentred) {
    join("st1");
    EXPECT_EQ(mix_on("st1"), "st1-mix");
    EXPECT_TRUE(listed_as_device("st1"));
    expect_level(record_at("st1", 24000), kToneDb + kCentreDb, "st1");

    join("st2");
    EXPECT_EQ(mix_on("st2"), "st2-mix");
    expect_level(record_at("st2", 24000), kToneDb + kCentreDb, "st2");
    EXPECT_TRUE(daemon_->running());
}

TEST_F(HeadampdStations, PullingOneStationLeavesTheOtherUnbrokenAndARejoinRestoresItsSend) {
    join("st1");
    join("st2");
    // Both stations' return channels are sources, so headampd reads from both proxies: through its
    // return taps, which alone wait for a pulled one.
    ASSERT_TRUE(JackHandle::wait_for([&] { return has_source("st1-in1") && has_source("st2-in2"); }, 5s))
        << world_->log("headampd");
    ASSERT_TRUE(JackHandle::wait_for(
        [&] { return connections_of("st2:from_slave_2") == std::vector<std::string>{"headamp-st2:return_2"}; }, 5s))
        << "st2:from_slave_2 is read by: " << testing::PrintToString(connections_of("st2:from_slave_2"));
    ASSERT_TRUE(request({{"op", "set"}, {"mix", "st2-mix"}, {"source", "tone"}, {"level_db", -6.0}})["ok"]);
    std::this_thread::sleep_for(1500ms);  // headampd saves what changed once a second

    // st1 recorded while st2 is pulled: its cable, then its power.
    const std::string file = (dir_ / "st1-long.rec").string();
    ChildProcess& recorder =
        world_->spawn({env_or("STATION_RECORDER", "build/tests/stations/station-recorder"), "st1", file,
                       std::to_string(4 * 48000), "20", "system:capture_1", "system:capture_2"},
                      "recorder-st1-long");
    std::this_thread::sleep_for(300ms);
    world_->set_link("st2", false);
    ASSERT_TRUE(JackHandle::wait_for([&] { return !listed_as_device("st2"); }, 5s)) << world_->log("headampd");
    world_->kill_station("st2");
    ASSERT_EQ(recorder.stop(0 /* no signal: wait for its exit */, 25s), 0) << world_->log("recorder-st1-long");
    const Recording r = read_recording(file);
    // Every block of 240 frames (five whole periods of the 1 kHz tone) at the level, past the first 0.1 s.
    for (int side = 0; side < 2; ++side) {
        const auto& x = r.channels[static_cast<std::size_t>(side)];
        int off = 0;
        for (std::size_t b = 4800; b + 240 <= x.size(); b += 240)
            if (std::abs(rms_db_of(x, b, b + 240) - (kToneDb + kCentreDb)) > 0.1) ++off;
        std::printf("st1 %s while st2 was pulled: %d of %zu blocks off level\n", side == 0 ? "left" : "right", off,
                    (x.size() - 4800) / 240);
        // NETJACK.md: rare one-period skips (~1 per 25 s idle); a skip breaks at most two blocks.
        EXPECT_LE(off, 4);
    }
    EXPECT_EQ(mix_on("st1"), "st1-mix");
    EXPECT_EQ(mix_on("st2"), "");

    world_->set_link("st2", true);
    world_->start_station("st2");
    ASSERT_TRUE(JackHandle::wait_for([&] { return mix_on("st2") == "st2-mix"; }, 5s)) << world_->log("headampd");
    expect_level(record_at("st2", 24000), kToneDb + kCentreDb - 6.0, "st2 after rejoining");
    EXPECT_TRUE(daemon_->running());
}

// What a station sends back (a talkback mic at the drummer's place) is a source: in every mix, mono and
// centred, heard at the other station. headampd's return tap reads it, its main client does not.
TEST_F(HeadampdStations, AStationsReturnChannelsAreSourcesThatTheOtherStationHears) {
    join("st1");
    join("st2");
    ASSERT_TRUE(JackHandle::wait_for([&] { return has_source("st1-in1") && has_source("st1-in2"); }, 5s))
        << world_->log("headampd");
    ChildProcess& talkback = world_->spawn(
        {env_or("STATION_TONE", "build/tests/stations/station-tone"), "st1", "500", "system:playback_1"}, "tone-st1");
    // st2 hears only st1's talkback: main's tone is muted in its mix.
    ASSERT_TRUE(request({{"op", "set"}, {"mix", "st2-mix"}, {"source", "tone"}, {"mute", true}})["ok"]);
    std::this_thread::sleep_for(300ms);
    const Recording r = record_at("st2", 48000);
    // Blocks of 480 frames (five periods of 500 Hz: ten zero crossings, where main's 1 kHz tone has
    // twenty) at the level; NetJACK2's own damage under load (a period lost on the way back is a silent
    // period here) is counted, as in the tests above.
    const double want = kToneDb + kCentreDb;
    const auto crossings = [](const std::vector<float>& x, std::size_t from, std::size_t to) {
        int n = 0;
        for (std::size_t i = from + 1; i < to; ++i) n += (x[i - 1] < 0.0f) != (x[i] < 0.0f);
        return n;
    };
    for (int side = 0; side < 2; ++side) {
        const auto& x = r.channels[static_cast<std::size_t>(side)];
        std::size_t at = 0, blocks = 0;
        for (std::size_t b = 4800; b + 480 <= x.size(); b += 480, ++blocks)
            if (std::abs(rms_db_of(x, b, b + 480) - want) <= 0.05 && std::abs(crossings(x, b, b + 480) - 10) <= 1) ++at;
        std::printf("st1's talkback at st2, %s: %zu of %zu blocks of 500 Hz at %.2f dB\n", side == 0 ? "left" : "right",
                    at, blocks, want);
        EXPECT_GE(at * 10, blocks * 9) << (side == 0 ? "left" : "right");
    }
    EXPECT_EQ(connections_of("st1:from_slave_1"), std::vector<std::string>{"headamp-st1:return_1"});
    EXPECT_EQ(connections_of("st1:from_slave_2"), std::vector<std::string>{"headamp-st1:return_2"});
    EXPECT_EQ(talkback.stop(SIGTERM, 5s), 0) << world_->log("tone-st1");
    EXPECT_TRUE(daemon_->running());
}

// The station's kind and NetJACK2's latency in `headamp devices`; the round trip it states bounds the
// one measured through a loop at the station (its system:capture_1 to its system:playback_1), which
// NetJACK2 lets shrink below it: it takes the first return packet in its queue once in sync.
TEST_F(HeadampdStations, AStationIsListedWithItsLatencyAndTheRoundTripItStatesBoundsTheMeasuredOne) {
    join("st1");
    ASSERT_TRUE(JackHandle::wait_for([&] { return device("st1")["round_trip_ms"].is_number(); }, 2s))
        << device("st1").dump();
    const json st1 = device("st1");
    EXPECT_EQ(st1["kind"], "station");
    EXPECT_EQ(st1["latency_periods"], 1);  // the station's -l
    const double stated_ms = st1["round_trip_ms"].get<double>();
    const Result text = run_headamp({"--socket", socket(), "devices"});
    EXPECT_EQ(text.status, 0) << text.err;
    EXPECT_NE(text.out.find("  st1       NetJACK2 station\n"
                            "       station, 2 in / 2 out, NetJACK2 latency 1 period, round trip 10.7 ms\n"),
              std::string::npos)
        << text.out;
    const Result listed = run_headamp({"--socket", socket(), "devices", "--json"});
    EXPECT_EQ(listed.status, 0) << listed.err;
    EXPECT_EQ(listed.parsed()["devices"][0]["kind"], "station") << listed.out;

    // Only the loop's own signal on to_slave_1: the station's mix is muted.
    ASSERT_TRUE(request({{"op", "master"}, {"mix", "st1-mix"}, {"mute", true}})["ok"]);
    run_command(
        {"/usr/bin/jack_connect", "-s", world_->station_server("st1"), "system:capture_1", "system:playback_1"});
    SignalClient sender(world_->main_server(), "sender", {{"out", [](int64_t t) { return noise(t, 3); }}}, {}, 0);
    SignalClient receiver(world_->main_server(), "receiver", {}, {"back"}, 24000);
    ASSERT_EQ(jack_connect(watch_.get(), "sender:out", "st1:to_slave_1"), 0);
    ASSERT_EQ(jack_connect(watch_.get(), "st1:from_slave_1", "receiver:back"), 0);
    std::this_thread::sleep_for(300ms);
    ASSERT_TRUE(receiver.record());
    const auto lags = offsets_of(
        receiver.recorded("back"), [](int64_t t) { return noise(t, 3); }, receiver.first_frame(), -8192, 0);
    std::map<int64_t, int> seen;  // lag in frames -> periods that came back with it
    for (const auto& d : lags) ++seen[d ? -*d : -1];
    for (const auto& [lag, periods] : seen)
        std::printf("round trip main -> st1 -> main (-l 1, period 256): %lld frames (%.3f ms) in %d of %zu periods%s\n",
                    static_cast<long long>(lag), static_cast<double>(lag) * 1000.0 / kRate, periods, lags.size(),
                    lag < 0 ? " (not what was sent)" : "");
    std::printf("stated round trip: %.3f ms\n", stated_ms);
    // What comes back whole comes back exact and never later than NetJACK2 states. Periods that are not
    // whole (main's dropped or repeated, part of one lost, or a stall longer than the search) are
    // counted, not failed: on this shared machine they ranged from 2 to 51 of 93 under four
    // engineers' builds (NETJACK.md: ~1 per 25 s when idle).
    EXPECT_GT(lags.size(), static_cast<std::size_t>(seen.count(-1) ? seen[-1] : 0)) << "nothing came back whole";
    for (const auto& [lag, periods] : seen) {
        if (lag >= 0) {
            EXPECT_LE(static_cast<double>(lag) * 1000.0 / kRate, stated_ms + 1e-9);
        }
    }
}

// A linked pair through headampd's mix arrives at the station exact, left in the left ear and right
// in the right, both from the same main frame, within NetJACK2's stated round trip of when main made it.
TEST_F(HeadampdStations, ALinkedPairArrivesExactAndSampleAlignedAtTheStation) {
    join("st1");
    ASSERT_TRUE(request({{"op", "set"}, {"mix", "st1-mix"}, {"source", "tone"}, {"mute", true}})["ok"]);
    pair_playing_.store(true);
    std::this_thread::sleep_for(200ms);  // the mute's and the pair's ramps are over
    const Recording r = record_at("st1", 24000);
    // Where main's frame counter was when the station's recording began (the one clock both share).
    const auto main_frame =
        static_cast<int64_t>(jack_time_to_frames(watch_.get(), static_cast<jack_time_t>(r.first_usecs)));
    const auto left = offsets_of(
        r.channels[0], [](int64_t t) { return noise(t, 1); }, main_frame, -8192, 8192);
    const auto right = offsets_of(
        r.channels[1], [](int64_t t) { return noise(t, 2); }, main_frame, -8192, 8192);
    ASSERT_EQ(left.size(), right.size());
    std::map<int64_t, int> ages;  // how long before the station played a period main made it, in frames
    int damaged = 0;              // a period that is not one of main's whole, in either ear
    for (std::size_t b = 0; b < left.size(); ++b) {
        if (!left[b] || !right[b]) {
            ++damaged;
            continue;
        }
        EXPECT_EQ(*left[b], *right[b]) << "period " << b << ": left and right are not sample-aligned";
        ++ages[-*left[b]];
    }
    std::printf("st1: %zu of %zu periods exact in both ears, %d damaged\n",
                left.size() - static_cast<std::size_t>(damaged), left.size(), damaged);
    // NetJACK2's own damage under load (see the round-trip test) is counted, not failed; a swapped,
    // leaking or mis-gained pair is exact in no period, and a swapped one has each ear's signal in the other.
    EXPECT_LT(damaged, static_cast<int>(left.size())) << "no period arrived whole";
    for (const auto& swapped : {offsets_of(
                                    r.channels[0], [](int64_t t) { return noise(t, 2); }, main_frame, -8192, 8192),
                                offsets_of(
                                    r.channels[1], [](int64_t t) { return noise(t, 1); }, main_frame, -8192, 8192)})
        for (const auto& d : swapped) EXPECT_FALSE(d.has_value()) << "an ear has the other ear's channel";
    for (const auto& [age, periods] : ages) {
        const double ms = static_cast<double>(age) * 1000.0 / kRate;
        std::printf("capture -> mix -> station st1 (-l 1, period 256): %.3f ms (%lld frames) in %d of %zu periods\n",
                    ms, static_cast<long long>(age), periods, left.size());
        // Both ends are the servers' DLL estimates of a cycle's start: apart by up to half a millisecond
        // when idle, by tens of ms when the machine is loaded, so this is printed, not checked.
    }
}

// JACK2 names a client NAME-01 while NAME is taken: a station that rejoins while its old proxy waits
// out NetJACK2's 2 s receive timeout. Here the old proxy is a stand-in holding the name, so the
// rename happens every time: the renamed proxy is the same station, with its saved send.
TEST_F(HeadampdStations, AStationThatRejoinsAsNameDash01PastItsLingeringProxyIsTheSameStation) {
    ClientPtr lingering = open_client(world_->main_server(), "st1");
    for (const char* port : {"to_slave_1", "to_slave_2"})
        ASSERT_NE(jack_port_register(lingering.get(), port, JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0), nullptr);
    for (const char* port : {"from_slave_1", "from_slave_2"})
        ASSERT_NE(jack_port_register(lingering.get(), port, JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0), nullptr);
    ASSERT_EQ(jack_activate(lingering.get()), 0);
    ASSERT_TRUE(JackHandle::wait_for([&] { return mix_on("st1") == "st1-mix"; }, 5s)) << world_->log("headampd");
    ASSERT_TRUE(request({{"op", "set"}, {"mix", "st1-mix"}, {"source", "tone"}, {"level_db", -6.0}})["ok"]);
    std::this_thread::sleep_for(1500ms);  // headampd saves what changed once a second

    world_->add_station("st1");
    ASSERT_TRUE(JackHandle::wait_for([&] { return mix_on("st1-01") == "st1-mix"; }, 5s)) << world_->log("headampd");
    EXPECT_EQ(mix_on("st1"), "");
    lingering.reset();  // the old proxy gives up
    ASSERT_TRUE(JackHandle::wait_for([&] { return !jack_port_by_name(watch_.get(), "st1:to_slave_1"); }, 5s));
    std::this_thread::sleep_for(2 * 250ms);  // two of StationWatch's scans
    EXPECT_EQ(mix_on("st1-01"), "st1-mix");
    EXPECT_TRUE(listed_as_device("st1"));
    EXPECT_FALSE(listed_as_device("st1-01"));
    EXPECT_EQ(request({{"op", "status"}})["devices"].size(), 1u);
    expect_level(record_at("st1", 24000), kToneDb + kCentreDb - 6.0, "st1 back as st1-01");
    EXPECT_NE(world_->log("headampd").find("station st1 rejoined as JACK client 'st1-01'"), std::string::npos);
    EXPECT_TRUE(daemon_->running());
}

// Clients that carry NetJACK2's port names without a station's layout or name: logged, left alone,
// and a real station beside them still gets its mix.
TEST_F(HeadampdStations, ClientsThatOnlyLookLikeStationsAreLoggedAndLeftAlone) {
    const ClientPtr odd = open_client(world_->main_server(), "odd");
    for (const char* port : {"to_slave_1", "to_slave_2", "extra"})
        ASSERT_NE(jack_port_register(odd.get(), port, JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0), nullptr);
    const ClientPtr badly_named = open_client(world_->main_server(), "bad;name");
    for (const char* port : {"to_slave_1", "to_slave_2"})
        ASSERT_NE(jack_port_register(badly_named.get(), port, JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0), nullptr);
    ASSERT_EQ(jack_activate(odd.get()), 0);
    ASSERT_EQ(jack_activate(badly_named.get()), 0);
    EXPECT_TRUE(JackHandle::wait_for(
        [&] {
            const std::string log = world_->log("headampd");
            return log.find("JACK client 'odd' looks like a NetJACK2 station but has ports that are not") !=
                       std::string::npos &&
                   log.find("JACK client 'bad;name' looks like a NetJACK2 station but its name is not a valid") !=
                       std::string::npos;
        },
        3s))
        << world_->log("headampd");
    join("st1");
    EXPECT_EQ(mix_on("st1"), "st1-mix");
    EXPECT_EQ(mix_on("odd"), "");
    EXPECT_FALSE(listed_as_device("odd"));
    EXPECT_FALSE(listed_as_device("bad;name"));
    EXPECT_TRUE(daemon_->running());
}

}  // namespace
