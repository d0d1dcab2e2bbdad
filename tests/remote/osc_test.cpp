// OSC against the real headampd on a private jackd: values set and queried by number and by name, a
// subscriber told of changes made over the control socket and sent meters, the level heard at the
// mix's output following OSC, and bad input of every kind refused with nothing changed.
#include <cmath>
#include <cstdio>
#include <limits>

#include "control/volume_mapping.hpp"
#include "daemon_fixture.hpp"
#include "osc_client.hpp"
#include "run_headamp.hpp"

namespace headamp::test {
namespace {

// The fixture's sources (in1, in2, Guitar from feeder:out) and mix (mix1), and OSC on `port`.
std::string config(int port, const std::string& osc_extra = "") {
    return std::string(kFixtureConfig) + "\n[osc]\nport = " + std::to_string(port) + "\n" + osc_extra + "\n";
}

class Osc : public ::testing::Test {
protected:
    void SetUp() override {
        port = free_udp_port();
        daemon = std::make_unique<Daemon>(test_name(), config(port, R"(allow = ["127.0.0.3"])"));
        client = std::make_unique<OscClient>(port);
    }
    static std::string test_name() { return ::testing::UnitTest::GetInstance()->current_test_info()->name(); }
    json send_of(const std::string& source) const {
        const json state = daemon->state();
        for (const json& s : state["mixes"][0]["sends"])
            if (s["source"] == source) return s;
        return nullptr;
    }
    // Sends `address` with no value and returns the first number of the answer (NaN: none came).
    double query(const std::string& address) {
        client->send(address);
        const Received* r = client->wait_for(address);
        return r && !r->numbers.empty() ? r->numbers[0] : std::nan("");
    }

    int port = 0;
    std::unique_ptr<Daemon> daemon;
    std::unique_ptr<OscClient> client;
};

// Waits until `pred` holds (state changes are made as the daemon reads the packet; this only covers the
// time the packet takes to get there).
bool eventually(const std::function<bool()>& pred) { return JackHandle::wait_for(pred, 3s); }

TEST_F(Osc, SetsAndQueriesEveryValueByNumberAndByName) {
    client->send("/mix/1/ch/1/db", {-6.0f});
    ASSERT_TRUE(eventually([&] { return send_of("in1")["level_db"] == -6.0; })) << daemon->log();
    client->send("/mix/mix1/ch/Guitar/pan", {0.5f});
    client->send("/mix/1/ch/in2/mute", {1});
    client->send("/mix/MIX1/ch/3/solo", {true});
    client->send("/mix/1/master/db", {-3.0f});
    client->send("/mix/1/master/mute", {1.0f});  // a button that sends a float
    ASSERT_TRUE(eventually([&] { return daemon->state()["mixes"][0]["mute"] == true; }));
    EXPECT_EQ(send_of("Guitar")["pan"], 0.5);
    EXPECT_EQ(send_of("in2")["mute"], true);
    EXPECT_EQ(send_of("Guitar")["solo"], true);
    EXPECT_EQ(daemon->state()["mixes"][0]["master_db"], -3.0);

    // The fader law is the mixer screen's: half way up is the same level there and here.
    client->send("/mix/1/ch/2/fader", {0.5f});
    const double half = control::position_to_db(0.5, 12.0);
    ASSERT_TRUE(eventually([&] { return std::abs(send_of("in2")["level_db"].get<double>() - half) < 1e-4; }));

    EXPECT_FLOAT_EQ(query("/mix/1/ch/1/db"), -6.0f);
    EXPECT_FLOAT_EQ(query("/mix/mix1/ch/in1/db"), -6.0f);
    EXPECT_NEAR(query("/mix/1/ch/in2/fader"), 0.5, 1e-4);
    EXPECT_FLOAT_EQ(query("/mix/1/ch/Gui/pan"), 0.5f);  // a unique prefix, as everywhere in headamp
    EXPECT_EQ(query("/mix/1/ch/2/mute"), 1.0);
    EXPECT_EQ(query("/mix/1/ch/3/solo"), 1.0);
    EXPECT_EQ(query("/mix/1/ch/1/solo"), 0.0);
    EXPECT_FLOAT_EQ(query("/mix/1/master/db"), -3.0f);
    EXPECT_EQ(query("/mix/1/master/mute"), 1.0);
}

TEST_F(Osc, OscsendFromLibloToolsSetsASend) {
    const std::string cmd = "oscsend localhost " + std::to_string(port) + " /mix/1/ch/Guitar/db f -18.5";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    ASSERT_TRUE(eventually([&] { return send_of("Guitar")["level_db"] == -18.5; }));
}

TEST_F(Osc, ASubscriberGetsTheStateChangesMadeOverTheSocketAndMeters) {
    client->send("/subscribe");
    ASSERT_NE(client->wait_for("/mix/1/ch/3/db"), nullptr) << "the whole state first";
    ASSERT_NE(client->wait_for("/mix/1/master/mute"), nullptr);

    // A change made elsewhere (the control socket, as headamp(1) and the mixer screen make it).
    const auto t0 = std::chrono::steady_clock::now();
    auto c = daemon->connect();
    ASSERT_TRUE(c->request({{"op", "set"}, {"mix", "mix1"}, {"source", "in2"}, {"level_db", -10.0}})["ok"]);
    const Received* change = client->wait_for("/mix/1/ch/2/db");
    ASSERT_NE(change, nullptr);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_FLOAT_EQ(change->numbers.at(0), -10.0f);
    ASSERT_NE(client->wait_for("/mix/1/ch/2/fader"), nullptr);
    std::printf("socket set -> OSC subscriber told: %.1f ms (request round trip included)\n", ms);

    // Meters: peak dBFS per channel of each source and per side of each mix, at the default 25 Hz.
    client->forget();
    client->listen(2s);
    const std::size_t frames = client->count("/mix/1/meter");
    std::printf("meters: %zu frames of /mix/1/meter in 2 s (default 25 Hz)\n", frames);
    EXPECT_GE(frames, 30u);
    EXPECT_LE(frames, 60u);
    const Received* meter = client->wait_for("/mix/1/meter");
    ASSERT_NE(meter, nullptr);
    EXPECT_EQ(meter->types, "ff");
    EXPECT_GE(client->count("/ch/3/meter"), 30u);

    // /unsubscribe: nothing more comes.
    client->send("/unsubscribe");
    client->listen(200ms);
    client->forget();
    client->listen(500ms);
    EXPECT_EQ(client->received.size(), 0u);
}

TEST_F(Osc, ASubscriptionThatIsNotRenewedWithinTenSecondsEnds) {
    OscClient renewing(port);
    client->send("/subscribe", {0});  // no meters
    renewing.send("/subscribe", {0});
    ASSERT_NE(client->wait_for("/mix/1/master/db"), nullptr);
    ASSERT_NE(renewing.wait_for("/mix/1/master/db"), nullptr);
    for (int i = 0; i < 3; ++i) {
        std::this_thread::sleep_for(4s);
        renewing.send("/subscribe", {0});
    }
    client->forget();
    auto c = daemon->connect();
    ASSERT_TRUE(c->request({{"op", "master"}, {"mix", "1"}, {"level_db", -7.0}})["ok"]);
    EXPECT_NE(renewing.wait_for("/mix/1/master/db"), nullptr) << "renewed every 4 s: still subscribed";
    client->listen(500ms);
    EXPECT_EQ(client->count("/mix/1/master/db"), 0u) << "not renewed for 12 s: expired";
    EXPECT_NE(daemon->log().find("did not renew /subscribe"), std::string::npos);
}

TEST_F(Osc, TheLevelAtTheMixOutputFollowsOsc) {
    const double amplitude = 0.5;
    SignalClient feeder(
        daemon->server->name(), "feeder",
        {{"out",
          [amplitude](int64_t f) { return static_cast<float>(amplitude * std::sin(2 * M_PI * 1000 * f / 48000.0)); }}},
        {}, 0);
    SignalClient recorder(daemon->server->name(), "recorder", {}, {"L", "R"}, 48000 / 4);
    ASSERT_EQ(jack_connect(recorder.client(), "headamp:mix1_L", "recorder:L"), 0);
    ASSERT_TRUE(JackHandle::wait_for(
        [&] {
            return ports_connected(daemon->server->name(), "feeder:out", "headamp:Guitar") &&
                   ports_connected(daemon->server->name(), "headamp:mix1_L", "recorder:L");
        },
        10s))
        << daemon->log();
    const double input_db = 20 * std::log10(amplitude / std::sqrt(2.0));
    const auto level_after = [&](const std::string& address, OscArgument value) {
        client->send(address, {value});
        std::this_thread::sleep_for(300ms);  // the packet, the 10 ms ramp, and a few periods
        EXPECT_TRUE(recorder.record());
        return rms_db(recorder.recorded("L")) - input_db;
    };
    client->send("/mix/1/ch/in1/mute", {1});
    client->send("/mix/1/ch/in2/mute", {1});
    const double at_0 = level_after("/mix/1/ch/Guitar/db", 0.0f);
    const double at_12 = level_after("/mix/1/ch/Guitar/db", -12.0f);
    const double muted = level_after("/mix/1/ch/Guitar/mute", 1);
    std::printf("Guitar at the mix's left output: 0 dB send -> %.2f dB, -12 dB send -> %.2f dB, muted -> %.1f dB\n",
                at_0, at_12, muted);
    EXPECT_NEAR(at_0, -3.0103, 0.1) << "a centred mono source, -3 dB pan law";
    EXPECT_NEAR(at_12 - at_0, -12.0, 0.1);
    EXPECT_LT(muted, -100.0);
}

// Every kind of bad input from an allowed sender: one /error each, the daemon up, the state as it was.
TEST_F(Osc, BadInputIsRefusedWithAnErrorAndChangesNothing) {
    const json before = daemon->state();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    const std::vector<std::pair<std::string, std::vector<OscArgument>>> bad_messages = {
        {"/mix/1/ch/1/db", {nan}},      {"/mix/1/ch/1/db", {inf}},      {"/mix/1/ch/1/db", {-inf}},
        {"/mix/1/ch/1/pan", {nan}},     {"/mix/1/ch/1/fader", {nan}},   {"/mix/1/ch/1/fader", {inf}},
        {"/mix/1/master/db", {inf}},    {"/mix/1/ch/1/db", {13.0f}},    {"/mix/1/ch/1/db", {-121.0f}},
        {"/mix/1/ch/1/fader", {1.5f}},  {"/mix/1/ch/1/fader", {-0.1f}}, {"/mix/1/ch/1/pan", {1.01f}},
        {"/mix/1/master/db", {25.0f}},  {"/mix/1/ch/1/mute", {2}},      {"/mix/1/ch/1/solo", {0.5f}},
        {"/mix/1/ch/1/db", {"loud"}},   {"/mix/1/ch/1/mute", {"on"}},   {"/mix/1/ch/1/db", {-6.0f, -6.0f}},
        {"/mix/1/ch/1/volume", {1.0f}}, {"/mix/1/ch/1", {1.0f}},        {"/mix/2/ch/1/db", {-6.0f}},
        {"/mix/1/ch/9/db", {-6.0f}},    {"/mix/nope/ch/1/db", {-6.0f}}, {"/mix/1/ch/in/db", {-6.0f}},
        {"/mix/*/ch/1/db", {-6.0f}},    {"/mix//ch/1/db", {-6.0f}},     {"/foo", {}},
        {"/mix/1/master/pan", {0.0f}},  {"/subscribe", {"fast"}},       {"/subscribe", {1000}},
        {"/unsubscribe", {1}},          {"/mix/1/master/mute", {nan}},
    };
    const std::string good = osc_bytes("/mix/1/ch/1/db", {-6.0f});
    std::string bundle_bad_size =
        std::string("#bundle\0", 8) + std::string(8, '\0') + std::string("\0\0\0\x40", 4) + good;
    std::string deep = good;
    for (int i = 0; i < 6; ++i) {
        const std::uint32_t n = htonl(static_cast<std::uint32_t>(deep.size()));
        deep = std::string("#bundle\0", 8) + std::string(8, '\0') + std::string(reinterpret_cast<const char*>(&n), 4) +
               deep;
    }
    const std::vector<std::string> malformed = {
        std::string("\0", 1),                       // not a multiple of 4
        std::string("abc\0", 4),                    // no leading '/'
        std::string("/mix\0\0\0\0", 8),             // no type tags
        std::string("/mix\0\0\0\0,f\0\0", 12),      // a float announced, none there
        std::string("/mix\0\0\0\0,s\0\0abcd", 16),  // a string without its end
        std::string("/m\0\0,q\0\0\0\0\0\0", 12),    // an unknown type tag
        good.substr(0, good.size() - 4),            // cut short
        bundle_bad_size,                            // a bundle element larger than the bundle
        deep,                                       // bundles nested six deep
        std::string(64, '\xff'),                    // noise
    };
    for (const auto& [address, args] : bad_messages) client->send(address, args);
    for (const std::string& bytes : malformed) client->send_raw(bytes);
    const std::size_t sent = bad_messages.size() + malformed.size();
    client->listen(1500ms);
    const std::size_t errors = client->count("/error");
    for (const Received& r : client->received)
        if (r.address == "/error") std::printf("  /error %s\n", r.texts.empty() ? "?" : r.texts[0].c_str());
    std::printf("bad input: %zu packets sent (%zu messages, %zu malformed), %zu /error replies, state %s, daemon %s\n",
                sent, bad_messages.size(), malformed.size(), errors,
                daemon->state() == before ? "unchanged" : "CHANGED", daemon->connected() ? "up" : "DOWN");
    EXPECT_EQ(errors, sent);
    EXPECT_EQ(client->received.size(), errors) << "nothing but the refusals came back";
    EXPECT_EQ(daemon->state(), before);
    EXPECT_TRUE(daemon->connected());
    EXPECT_TRUE(daemon->process->running());
    // Still working after all that.
    client->send("/mix/1/ch/1/db", {-6.0f});
    EXPECT_TRUE(eventually([&] { return send_of("in1")["level_db"] == -6.0; }));
}

// 127.0.0.1 is always heard; 127.0.0.2 is another sender, not on the allow-list; 127.0.0.3 is on it. The
// server listens on 127.0.0.1 only, so even an allowed sender reaches it only there.
TEST_F(Osc, OnlyLoopbackAndTheAllowListAreHeardOnTheLoopbackAddress) {
    const json before = daemon->state();
    UdpSocket stranger("127.0.0.2");
    stranger.send_to("127.0.0.1", port, osc_bytes("/mix/1/ch/1/db", {-20.0f}));
    stranger.send_to("127.0.0.1", port, osc_bytes("/mix/1/ch/1/db", {nan("")}));
    stranger.send_to("127.0.0.1", port, osc_bytes("/mix/1/ch/1/db", {}));
    EXPECT_EQ(stranger.receive(500ms), "") << "a sender not allowed gets no answer at all";
    EXPECT_EQ(daemon->state(), before);
    EXPECT_NE(daemon->log().find("dropped a packet from 127.0.0.2"), std::string::npos) << daemon->log();

    UdpSocket friendly("127.0.0.3");
    friendly.send_to("127.0.0.3", port, osc_bytes("/mix/1/ch/1/db", {}));
    EXPECT_EQ(friendly.receive(500ms), "") << "bound to 127.0.0.1 only: nothing listens on 127.0.0.3";
    friendly.send_to("127.0.0.1", port, osc_bytes("/mix/1/ch/1/db", {}));
    EXPECT_EQ(friendly.receive(2s), "/mix/1/ch/1/db") << "on the allow-list: answered";
    friendly.send_to("127.0.0.1", port, osc_bytes("/mix/1/ch/1/db", {-20.0f}));
    EXPECT_TRUE(eventually([&] { return send_of("in1")["level_db"] == -20.0; }));
}

TEST_F(Osc, StatusShowsTheOscPort) {
    auto c = daemon->connect();
    EXPECT_EQ(c->request({{"op", "status"}})["daemon"]["osc_port"], port);
    const Result r = run_headamp({"--socket", daemon->socket, "status"});
    EXPECT_NE(r.out.find("OSC: udp port " + std::to_string(port)), std::string::npos) << r.out;
}

}  // namespace
}  // namespace headamp::test
