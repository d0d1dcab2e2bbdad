// The control protocol against the real daemon over the real socket: every request does what it says,
// and everything malformed, unknown, out of range or non-finite gets a clear error and changes nothing.
#include <gtest/gtest.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "daemon_fixture.hpp"

using namespace headamp::test;
using headamp::control::ControlClient;

namespace {

class Protocol : public ::testing::Test {
protected:
    void SetUp() override {
        daemon = std::make_unique<Daemon>("control");
        client = daemon->connect();
    }
    json ask(json request) { return client->request(std::move(request)); }
    json ok(json request) {
        json a = ask(request);
        EXPECT_TRUE(a.value("ok", false)) << request.dump() << " -> " << a.dump();
        return a;
    }
    json mix(const std::string& name) {
        const json state = daemon->state();
        for (const json& m : state["mixes"])
            if (m["name"] == name) return m;
        return json();
    }
    json send_of(const std::string& mix_name, const std::string& source) {
        const json m = mix(mix_name);
        for (const json& s : m["sends"])
            if (s["source"] == source) return s;
        return json();
    }
    std::unique_ptr<Daemon> daemon;
    std::unique_ptr<ControlClient> client;
};

TEST_F(Protocol, StatusReportsDaemonJackSourcesAndMixes) {
    const json s = ok({{"op", "status"}});
    EXPECT_EQ(s["daemon"]["pid"], daemon->process->pid());
    EXPECT_EQ(s["daemon"]["socket"], daemon->socket);
    EXPECT_TRUE(s["jack"]["connected"].get<bool>());
    EXPECT_EQ(s["jack"]["sample_rate"], 48000);
    EXPECT_EQ(s["jack"]["buffer_size"], 256);
    EXPECT_EQ(s["jack"]["server"], daemon->server->name());
    EXPECT_TRUE(s["devices"].is_array());
    ASSERT_EQ(s["sources"].size(), 3u);
    EXPECT_EQ(s["sources"][0]["name"], "in1");
    EXPECT_EQ(s["sources"][0]["ports"], json({"system:capture_1"}));
    EXPECT_FALSE(s["sources"][0]["stereo"].get<bool>());
    ASSERT_EQ(s["mixes"].size(), 1u);
    EXPECT_EQ(s["mixes"][0]["name"], "mix1");
    EXPECT_EQ(s["mixes"][0]["output"], json({"system:playback_1", "system:playback_2"}));
    EXPECT_EQ(s["mixes"][0]["sends"].size(), 3u);
    EXPECT_EQ(s["id"], 1);
}

TEST_F(Protocol, SetChangesOneSendAndMatchesNamesByNumberCaseAndPrefix) {
    json a = ok({{"op", "set"}, {"mix", "MIX1"}, {"source", "gui"}, {"level_db", -6.5}});
    EXPECT_EQ(a["mix"], "mix1");
    EXPECT_EQ(a["send"]["source"], "Guitar");
    EXPECT_DOUBLE_EQ(send_of("mix1", "Guitar")["level_db"].get<double>(), -6.5);
    ok({{"op", "set"}, {"mix", "1"}, {"source", "2"}, {"level_step_db", 3}});
    EXPECT_DOUBLE_EQ(send_of("mix1", "in2")["level_db"].get<double>(), 3.0);
    ok({{"op", "set"}, {"mix", "1"}, {"source", "2"}, {"level_step_db", 20}});
    EXPECT_DOUBLE_EQ(send_of("mix1", "in2")["level_db"].get<double>(), 12.0) << "steps stop at the top";
    ok({{"op", "set"}, {"mix", "1"}, {"source", "in1"}, {"mute", "toggle"}, {"solo", true}, {"pan", -0.25}});
    json s = send_of("mix1", "in1");
    EXPECT_TRUE(s["mute"].get<bool>());
    EXPECT_TRUE(s["solo"].get<bool>());
    EXPECT_DOUBLE_EQ(s["pan"].get<double>(), -0.25);
    ok({{"op", "set"}, {"mix", "1"}, {"source", "in1"}, {"mute", "toggle"}, {"pan_step", -1}});
    s = send_of("mix1", "in1");
    EXPECT_FALSE(s["mute"].get<bool>());
    EXPECT_DOUBLE_EQ(s["pan"].get<double>(), -1.0) << "pan steps stop at hard left";
    const json e = ask({{"op", "set"}, {"mix", "mix1"}, {"source", "in"}, {"level_db", 0}});
    EXPECT_NE(e["error"].get<std::string>().find("ambiguous"), std::string::npos) << e.dump();
    EXPECT_NE(e["error"].get<std::string>().find("in1, in2"), std::string::npos) << e.dump();
    const json n = ask({{"op", "set"}, {"mix", "9"}, {"source", "in1"}, {"level_db", 0}});
    EXPECT_NE(n["error"].get<std::string>().find("no mix number 9"), std::string::npos) << n.dump();
}

TEST_F(Protocol, StepsFromSilenceStartAtTheFaderFloorAndGoOffBelowIt) {
    ok({{"op", "set"}, {"mix", "mix1"}, {"source", "in1"}, {"level_db", -120}});
    ok({{"op", "set"}, {"mix", "mix1"}, {"source", "in1"}, {"level_step_db", 1}});
    EXPECT_DOUBLE_EQ(send_of("mix1", "in1")["level_db"].get<double>(), -60.0);
    ok({{"op", "set"}, {"mix", "mix1"}, {"source", "in1"}, {"level_step_db", -1}});
    EXPECT_DOUBLE_EQ(send_of("mix1", "in1")["level_db"].get<double>(), -120.0);
}

TEST_F(Protocol, MasterSetsLevelMuteMonoAndPanLaw) {
    json a =
        ok({{"op", "master"}, {"mix", "mix1"}, {"level_db", -3}, {"mute", true}, {"mono", true}, {"pan_law", "-6dB"}});
    EXPECT_DOUBLE_EQ(a["master_db"].get<double>(), -3.0);
    json m = mix("mix1");
    EXPECT_DOUBLE_EQ(m["master_db"].get<double>(), -3.0);
    EXPECT_TRUE(m["mute"].get<bool>());
    EXPECT_TRUE(m["mono"].get<bool>());
    EXPECT_EQ(m["pan_law"], "-6dB");
    EXPECT_TRUE(ask({{"op", "master"}, {"mix", "mix1"}, {"pan_law", "-4dB"}}).contains("error"));
}

TEST_F(Protocol, LinkMakesAStereoPairOfAdjacentChannelsAndUnlinkSplitsItBack) {
    const json before = daemon->state();
    ok({{"op", "set"}, {"mix", "mix1"}, {"source", "in1"}, {"level_db", -4}});
    json a = ok({{"op", "link"}, {"source", "in1"}});
    json st = daemon->state();
    ASSERT_EQ(st["sources"].size(), 2u);
    EXPECT_EQ(st["sources"][0]["name"], "in1");
    EXPECT_TRUE(st["sources"][0]["stereo"].get<bool>());
    EXPECT_EQ(st["sources"][0]["channels"], json({0, 1}));
    EXPECT_EQ(st["sources"][0]["ports"], json({"system:capture_1", "system:capture_2"}));
    EXPECT_DOUBLE_EQ(send_of("mix1", "in1")["level_db"].get<double>(), -4.0) << "the pair keeps the level";
    JackHandle h(daemon->server->name(), "inspector");
    EXPECT_TRUE(JackHandle::wait_for([&] { return h.connected("system:capture_2", "headamp:in1_R"); }, 5s));
    // A pair cannot be linked again, the last source has no neighbour.
    EXPECT_NE(ask({{"op", "link"}, {"source", "in1"}})["error"].get<std::string>().find("already"), std::string::npos);
    EXPECT_NE(ask({{"op", "link"}, {"source", "Guitar"}})["error"].get<std::string>().find("next channel"),
              std::string::npos);
    a = ok({{"op", "unlink"}, {"source", "in1"}});
    EXPECT_EQ(a["right"], "in2");
    ok({{"op", "set"}, {"mix", "mix1"}, {"source", "in1"}, {"level_db", 0}});
    ok({{"op", "set"}, {"mix", "mix1"}, {"source", "in2"}, {"level_db", 0}});
    EXPECT_EQ(daemon->state(), before);
    EXPECT_TRUE(JackHandle::wait_for([&] { return h.connected("system:capture_2", "headamp:in2"); }, 5s));
    EXPECT_NE(ask({{"op", "unlink"}, {"source", "in1"}})["error"].get<std::string>().find("mono"), std::string::npos);
}

TEST_F(Protocol, MixesAreAddedRoutedAndRemoved) {
    json a = ok({{"op", "mix_add"}, {"name", "cue"}, {"output", "system:1,2"}});
    EXPECT_EQ(a["slot"], 1);
    json m = mix("cue");
    EXPECT_EQ(m["output"], json({"system:playback_1", "system:playback_2"}));
    JackHandle h(daemon->server->name(), "inspector");
    EXPECT_TRUE(JackHandle::wait_for([&] { return h.connected("headamp:cue_R", "system:playback_2"); }, 5s));
    ok({{"op", "mix_route"}, {"mix", "cue"}, {"output", "system:playback_2,system:playback_1"}});
    EXPECT_EQ(mix("cue")["output"], json({"system:playback_2", "system:playback_1"}));
    EXPECT_TRUE(ask({{"op", "mix_add"}, {"name", "cue"}})["error"].get<std::string>().find("already") !=
                std::string::npos);
    EXPECT_TRUE(ask({{"op", "mix_add"}, {"name", "a:b"}}).contains("error"));
    EXPECT_TRUE(ask({{"op", "mix_add"}, {"name", "42"}}).contains("error"));
    EXPECT_TRUE(ask({{"op", "mix_route"}, {"mix", "cue"}, {"output", "system:9,10"}})["error"].get<std::string>().find(
                    "playback channels 1..2") != std::string::npos);
    EXPECT_TRUE(ask({{"op", "mix_route"}, {"mix", "cue"}, {"output", "justone"}}).contains("error"));
    ok({{"op", "mix_remove"}, {"mix", "cue"}});
    EXPECT_TRUE(mix("cue").is_null());
    EXPECT_TRUE(JackHandle::wait_for([&] { return !h.port_exists("headamp:cue_L"); }, 5s));
    // Every slot can be used, and not one more.
    for (int i = 2; i <= 32; ++i) ok({{"op", "mix_add"}, {"name", "m" + std::to_string(i)}});
    EXPECT_NE(ask({{"op", "mix_add"}, {"name", "one_too_many"}})["error"].get<std::string>().find("slots"),
              std::string::npos);
}

TEST_F(Protocol, EqAndLimiterAreSet) {
    json a =
        ok({{"op", "eq"}, {"mix", "mix1"}, {"enabled", true}, {"band", "low"}, {"gain_db", 4.5}, {"freq_hz", 120}});
    EXPECT_TRUE(a["eq"]["enabled"].get<bool>());
    json eq = mix("mix1")["eq"];
    EXPECT_DOUBLE_EQ(eq["low"]["gain_db"].get<double>(), 4.5);
    EXPECT_DOUBLE_EQ(eq["low"]["freq_hz"].get<double>(), 120.0);
    EXPECT_TRUE(ask({{"op", "eq"}, {"mix", "mix1"}, {"band", "treble"}, {"gain_db", 1}}).contains("error"));
    EXPECT_TRUE(ask({{"op", "eq"}, {"mix", "mix1"}, {"band", "mid"}, {"gain_db", 19}}).contains("error"));
    ok({{"op", "limit"}, {"mix", "mix1"}, {"ceiling_db", -6}});
    EXPECT_DOUBLE_EQ(mix("mix1")["limiter_ceiling_db"].get<double>(), -6.0);
    EXPECT_TRUE(ask({{"op", "limit"}, {"mix", "mix1"}, {"ceiling_db", 1}}).contains("error"));
}

TEST_F(Protocol, SnapshotsSaveListAndLoadTheWholeState) {
    ok({{"op", "set"}, {"mix", "mix1"}, {"source", "in1"}, {"level_db", -10}});
    ok({{"op", "link"}, {"source", "in1"}});
    const json saved = daemon->state();
    json a = ok({{"op", "snapshot_save"}, {"name", "gig-1"}});
    EXPECT_TRUE(std::filesystem::exists(daemon->state_home + "/headamp/snapshots/gig-1.json")) << a.dump();
    ok({{"op", "unlink"}, {"source", "in1"}});
    ok({{"op", "mix_add"}, {"name", "cue"}});
    EXPECT_NE(daemon->state(), saved);
    ok({{"op", "snapshot_load"}, {"name", "gig-1"}});
    EXPECT_EQ(daemon->state(), saved);
    EXPECT_EQ(ok({{"op", "snapshot_list"}})["snapshots"], json({"gig-1"}));
    EXPECT_NE(ask({{"op", "snapshot_save"}, {"name", "../evil"}})["error"].get<std::string>().find("not valid"),
              std::string::npos);
    EXPECT_NE(ask({{"op", "snapshot_load"}, {"name", "nope"}})["error"].get<std::string>().find("gig-1"),
              std::string::npos);
    // A broken snapshot file is refused whole.
    std::ofstream(daemon->state_home + "/headamp/snapshots/broken.json")
        << R"({"sources":[],"mixes":[{"name":"x","slot":99}]})";
    EXPECT_TRUE(ask({{"op", "snapshot_load"}, {"name", "broken"}}).contains("error"));
    EXPECT_EQ(daemon->state(), saved);
    // Numbers that JSON's int conversion would wrap (4294967296 to slot 0) or truncate are refused.
    std::ofstream(daemon->state_home + "/headamp/snapshots/wraps.json")
        << R"({"sources":[{"name":"in1","channels":[0]}],"mixes":[{"name":"m","slot":4294967296}]})";
    EXPECT_NE(ask({{"op", "snapshot_load"}, {"name", "wraps"}})["error"].get<std::string>().find(
                  ".slot must be a whole number"),
              std::string::npos);
    std::ofstream(daemon->state_home + "/headamp/snapshots/wraps.json")
        << R"({"sources":[{"name":"in1","channels":[-4294967296]}],"mixes":[{"name":"m","slot":0}]})";
    EXPECT_NE(ask({{"op", "snapshot_load"}, {"name", "wraps"}})["error"].get<std::string>().find(
                  ".channels must hold whole numbers"),
              std::string::npos);
    EXPECT_EQ(daemon->state(), saved);
}

TEST_F(Protocol, SubscribersGetStateEventsAndMetersAtTheirRate) {
    auto watcher = daemon->connect();
    EXPECT_TRUE(watcher->request({{"op", "subscribe"}, {"meters_hz", 20}}).value("ok", false));
    ok({{"op", "set"}, {"mix", "mix1"}, {"source", "in2"}, {"level_db", -7}});
    int meters = 0;
    bool saw_state = false;
    const auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - start < 1s) {
        auto m = watcher->next_message(100ms);
        if (!m) continue;
        if ((*m)["event"] == "meters") {
            ++meters;
            EXPECT_EQ((*m)["mixes"][0]["name"], "mix1");
        }
        if ((*m)["event"] == "state") {
            saw_state = true;
            EXPECT_NE((*m)["change"].get<std::string>().find("in2"), std::string::npos);
            EXPECT_DOUBLE_EQ((*m)["mixes"][0]["sends"][1]["level_db"].get<double>(), -7.0);
        }
    }
    EXPECT_TRUE(saw_state);
    EXPECT_GE(meters, 15);
    EXPECT_LE(meters, 25);
    EXPECT_TRUE(watcher->request({{"op", "unsubscribe"}}).value("ok", false));
    ok({{"op", "set"}, {"mix", "mix1"}, {"source", "in2"}, {"level_db", -8}});
    auto after = watcher->next_message(300ms);
    EXPECT_TRUE(!after || (*after)["event"] == "meters") << "no state events after unsubscribe";
}

TEST_F(Protocol, HardwareControlsOfAnAbsentDeviceAreRefused) {
    const json a = ask({{"op", "controls"}, {"device", "Scarlett"}});
    EXPECT_NE(a["error"].get<std::string>().find("there is no device 'Scarlett'"), std::string::npos) << a.dump();
    EXPECT_TRUE(ask({{"op", "control"}, {"device", "x"}, {"name", "y"}, {"value", "1"}}).contains("error"));
}

// Every line here is refused with an error containing the given words, the connection stays usable and
// the state is exactly what it was.
TEST_F(Protocol, RefusedRequestsSayWhyAndChangeNothing) {
    ok({{"op", "set"}, {"mix", "mix1"}, {"source", "in1"}, {"level_db", -3}});
    const json before = daemon->state();
    RawConnection raw(daemon->socket);
    ASSERT_TRUE(raw.connected());
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"{\"id\":1,\"op\":\"set\"", "malformed JSON"},
        {"not json at all", "malformed JSON"},
        {"[1,2,3]", "JSON object"},
        {"{\"id\":2}", "no \"op\""},
        {"{\"id\":3,\"op\":\"explode\"}", "unknown op"},
        {"{\"id\":4,\"op\":\"status\",\"verbose\":true}", "unknown field 'verbose'"},
        {"{\"id\":5,\"op\":\"set\",\"mix\":\"mix1\",\"source\":\"in1\",\"level_db\":-3,\"colour\":\"red\"}",
         "unknown field 'colour'"},
        {"{\"id\":6,\"op\":\"set\",\"mix\":\"mix1\",\"source\":\"in1\",\"level_db\":12.5}", "between"},
        {"{\"id\":7,\"op\":\"set\",\"mix\":\"mix1\",\"source\":\"in1\",\"level_db\":-121}", "between"},
        {"{\"id\":8,\"op\":\"set\",\"mix\":\"mix1\",\"source\":\"in1\",\"pan\":1.5}", "between"},
        {"{\"id\":9,\"op\":\"set\",\"mix\":\"mix1\",\"source\":\"in1\",\"level_db\":NaN}", "malformed JSON"},
        {"{\"id\":10,\"op\":\"set\",\"mix\":\"mix1\",\"source\":\"in1\",\"level_db\":1e999}", "overflow"},
        {"{\"id\":11,\"op\":\"set\",\"mix\":\"mix1\",\"source\":\"in1\",\"level_db\":-Infinity}", "malformed JSON"},
        {"{\"id\":12,\"op\":\"set\",\"mix\":\"mix1\",\"source\":\"in1\",\"level_db\":\"-6dB\"}", "must be a number"},
        {"{\"id\":13,\"op\":\"set\",\"mix\":\"mix1\",\"source\":\"in1\",\"mute\":\"maybe\"}", "toggle"},
        {"{\"id\":14,\"op\":\"set\",\"mix\":\"mix1\",\"source\":\"in1\"}", "at least one"},
        {"{\"id\":15,\"op\":\"set\",\"mix\":\"nomix\",\"source\":\"in1\",\"level_db\":0}", "no mix 'nomix'"},
        {"{\"id\":16,\"op\":\"master\",\"mix\":\"mix1\",\"level_db\":25}", "between"},
        {"{\"id\":17,\"op\":\"eq\",\"mix\":\"mix1\",\"band\":\"low\",\"freq_hz\":5}", "between"},
        {"{\"id\":18,\"op\":\"limit\",\"mix\":\"mix1\",\"ceiling_db\":-61}", "between"},
        {"{\"id\":\"\xff\xfe\",\"op\":\"status\"}", "UTF-8"},
        {"{\"id\":19,\"op\":\"mix_add\",\"name\":\"caf\xc3\"}", "UTF-8"},
        {"{\"id\":[1],\"op\":\"status\"}", "'id'"},
        {"{\"id\":20,\"op\":\"subscribe\",\"meters_hz\":1000}", "between"},
        {std::string(70000, 'x'), "longer than 65536"},
        {"{\"id\":21,\"op\":\"set\",\"mix\":\"mix1\",\"source\":\"in1\",\"level_db\":\"" + std::string(70000, '9') +
             "\"}",
         "longer than 65536"},
    };
    for (const auto& [line, words] : cases) {
        const json a = raw.ask(line);
        ASSERT_TRUE(a.is_object()) << "no answer to: " << line.substr(0, 100);
        ASSERT_TRUE(a.contains("error")) << line.substr(0, 100) << " -> " << a.dump();
        EXPECT_FALSE(a.contains("ok"));
        EXPECT_NE(a["error"].get<std::string>().find(words), std::string::npos)
            << line.substr(0, 100) << " -> " << a["error"];
    }
    // Ids come back as given; the connection still works.
    EXPECT_EQ(raw.ask("{\"id\":\"abc\",\"op\":\"status\"}")["id"], "abc");
    EXPECT_EQ(raw.ask("{\"id\":77,\"op\":\"nothing\"}")["id"], 77);
    EXPECT_EQ(daemon->state(), before);
    EXPECT_TRUE(daemon->process->running());
}

TEST_F(Protocol, OneAnswerPerLineInOrderEvenWhenLinesArriveTogether) {
    RawConnection raw(daemon->socket);
    std::string burst;
    for (int i = 0; i < 200; ++i) burst += "{\"id\":" + std::to_string(i) + ",\"op\":\"meters\"}\n";
    raw.write(burst);
    for (int i = 0; i < 200; ++i) {
        const std::string line = raw.read_line();
        ASSERT_FALSE(line.empty()) << "answer " << i << " missing";
        EXPECT_EQ(json::parse(line)["id"], i);
    }
}

TEST_F(Protocol, AClientThatStopsReadingIsDroppedAndNeverHoldsTheOthers) {
    RawConnection hog(daemon->socket);
    hog.write("{\"id\":0,\"op\":\"subscribe\",\"meters_hz\":60}\n");
    std::string many;
    for (int i = 0; i < 400; ++i) many += "{\"id\":" + std::to_string(i) + ",\"op\":\"status\"}\n";
    // The hog never reads; meanwhile another client's requests are answered quickly.
    for (int round = 0; round < 60; ++round) {
        hog.write(many);
        const auto t0 = std::chrono::steady_clock::now();
        ok({{"op", "meters"}});
        // A blocked daemon would never answer; the bound is loose so that a sanitizer build or a
        // loaded CI machine (the hog's 400 requests are served first) cannot make it flake.
        EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
    }
    // The daemon queued at most its bound for the hog, then hung up on it.
    bool closed = false;
    char buf[65536];
    for (int i = 0; i < 10000 && !closed; ++i) {
        const ssize_t n = recv(hog.fd(), buf, sizeof buf, MSG_DONTWAIT);
        if (n == 0) closed = true;
        if (n < 0 && errno != EAGAIN) closed = true;
        if (n < 0 && errno == EAGAIN) std::this_thread::sleep_for(1ms);
    }
    EXPECT_TRUE(closed) << "a client that never reads was not dropped";
    EXPECT_NE(daemon->log().find("dropped"), std::string::npos);
}

TEST_F(Protocol, TheSocketIsPrivateToItsUser) {
    struct stat st {};
    ASSERT_EQ(stat(daemon->socket.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    ASSERT_EQ(stat(std::filesystem::path(daemon->socket).parent_path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
}

// Runs `body` in a child that has become uid `nobody`; returns the child's exit status.
int as_nobody(const std::function<int()>& body) {
    const pid_t pid = fork();
    if (pid == 0) {
        if (setgid(65534) != 0 || setuid(65534) != 0) _exit(99);
        _exit(body());
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

TEST_F(Protocol, AnotherUidCannotUseTheSocket) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root to become another uid";
    // Through the 0700 directory the other uid cannot even connect.
    const std::string path = daemon->socket;
    EXPECT_EQ(as_nobody([&] {
                  RawConnection c(path);
                  return c.connected() ? 1 : (c.connect_errno() == EACCES ? 0 : 2);
              }),
              0);
    // Even with the directory and socket opened up, SO_PEERCRED refuses it: an error line, then EOF.
    chmod(std::filesystem::path(path).parent_path().c_str(), 0755);
    chmod(path.c_str(), 0666);
    EXPECT_EQ(as_nobody([&] {
                  RawConnection c(path);
                  if (!c.connected()) return 3;
                  const std::string refusal = c.read_line();
                  if (refusal.find("refused") == std::string::npos) return 4;
                  c.write("{\"id\":1,\"op\":\"set\",\"mix\":\"mix1\",\"source\":\"in1\",\"level_db\":-50}\n");
                  return c.read_line(1s).empty() ? 0 : 5;
              }),
              0);
    EXPECT_DOUBLE_EQ(send_of("mix1", "in1")["level_db"].get<double>(), 0.0);
    EXPECT_NE(daemon->log().find("refused a peer of uid 65534"), std::string::npos);
}

TEST_F(Protocol, ASecondDaemonOnTheSameSocketLeavesItToTheFirst) {
    const std::string log = (daemon->dir / "second.log").string();
    ChildProcess second({env_or("HEADAMPD", "build/src/daemon/headampd"), "--server", daemon->server->name(), "--name",
                         "second", "--config", daemon->config_file, "--socket", daemon->socket},
                        {}, log);
    const auto second_log = [&] {
        std::ifstream in(log);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    EXPECT_TRUE(JackHandle::wait_for([&] { return second_log().find("no control socket") != std::string::npos; }, 5s));
    EXPECT_NE(second_log().find("another headampd is already listening"), std::string::npos) << second_log();
    EXPECT_EQ(ok({{"op", "status"}})["daemon"]["pid"], daemon->process->pid()) << "the first daemon lost its socket";
    EXPECT_EQ(second.stop(SIGTERM), 0);
    EXPECT_EQ(ok({{"op", "status"}})["daemon"]["pid"], daemon->process->pid())
        << "the second daemon took the socket away";
}

}  // namespace
