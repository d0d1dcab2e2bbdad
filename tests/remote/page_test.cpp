// The phone page against the real headampd on a private jackd, at the WebSocket's level: the files
// and their headers, the hello and its tokens, the links `headamp remote` prints, a mix token that cannot touch another
// mix (state and audio), events and meters, and bad input of every kind refused with the daemon up and nothing changed.
#include <cmath>
#include <cstdio>

#include "daemon_fixture.hpp"
#include "page_client.hpp"
#include "page_world.hpp"
#include "run_headamp.hpp"

namespace headamp::test {
namespace {

class Page : public ::testing::Test {
protected:
    void SetUp() override { start(); }
    void start(int max_per_address = 8) {
        port = free_tcp_port();
        daemon = std::make_unique<Daemon>(test_name(), page_config(port, max_per_address), false);
        const PageTokens made = make_tokens(*daemon, {"mix1", "B"});
        tokens = made.mixes;
        admin = made.admin;
        view = made.view;
        daemon->start();
    }
    static std::string test_name() { return ::testing::UnitTest::GetInstance()->current_test_info()->name(); }
    std::unique_ptr<PageClient> hello(const std::string& token) {
        auto c = std::make_unique<PageClient>(port);
        EXPECT_TRUE(c->upgraded()) << c->response;
        c->send_json({{"op", "hello"}, {"token", token}});
        return c;
    }
    json send_of(const std::string& mix, const std::string& source) const {
        const json state = daemon->state();  // kept: a range-for over a temporary's member would dangle
        for (const json& m : state["mixes"])
            if (m["name"] == mix)
                for (const json& s : m["sends"])
                    if (s["source"] == source) return s;
        return nullptr;
    }
    bool alive() const { return daemon->process->running() && daemon->connected(); }

    int port = 0;
    std::unique_ptr<Daemon> daemon;
    std::map<std::string, std::string> tokens;
    std::string admin, view;
};

TEST_F(Page, ServesItsFilesWithSecurityHeadersAndTheAddressInStatus) {
    const HttpAnswer index = http_get(port, "/");
    EXPECT_EQ(index.status, 200) << index.text;
    EXPECT_NE(index.text.find("Content-Security-Policy: default-src 'self'"), std::string::npos) << index.text;
    EXPECT_NE(index.text.find("Cache-Control: no-store"), std::string::npos);
    EXPECT_NE(index.text.find("<script src=\"app.js\">"), std::string::npos);
    EXPECT_EQ(index.text.find("http://"), index.text.find("http://127.0.0.1")) << "nothing from elsewhere";
    const HttpAnswer js = http_get(port, "/app.js");
    EXPECT_EQ(js.status, 200);
    EXPECT_NE(js.text.find("Content-Type: text/javascript"), std::string::npos);
    EXPECT_EQ(http_get(port, "/style.css").status, 200);
    EXPECT_EQ(http_get(port, "/../etc/passwd").status, 404);
    EXPECT_EQ(http_get(port, "/nothing.html").status, 404);

    const json status = daemon->connect()->request({{"op", "status"}});
    EXPECT_EQ(status["daemon"]["page"], "http://127.0.0.1:" + std::to_string(port) + "/");
}

TEST_F(Page, MalformedHttpIsRefusedAndTheDaemonStaysUp) {
    const std::vector<std::string> bad = {
        "GARBAGE\r\n\r\n",
        "GET / HTTP/9.9\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
        "GET /" + std::string(100000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nX: " + std::string(100000, 'b') + "\r\n\r\n",
        std::string("\x00\xff\x16\x03\x01", 5),
    };
    int refused = 0;
    for (const std::string& b : bad) {
        TcpConnection c(port);
        c.write(b);
        const std::string answer = c.read_all(3s);
        const bool error_or_closed =
            answer.empty() || answer.rfind("HTTP/1.1 4", 0) == 0 || answer.rfind("HTTP/1.1 5", 0) == 0;
        EXPECT_TRUE(error_or_closed) << b.substr(0, 40) << " -> " << answer.substr(0, 80);
        refused += error_or_closed;
    }
    std::printf("malformed HTTP: %d of %zu refused (4xx or closed), daemon up\n", refused, bad.size());
    EXPECT_TRUE(alive()) << daemon->log();
    EXPECT_EQ(http_get(port, "/").status, 200);
}

TEST_F(Page, AWebSocketFromAnotherOriginIsRefused) {
    for (const std::string origin : {"http://evil.example", "http://127.0.0.1:1", "null"}) {
        PageClient c(port, origin);
        EXPECT_FALSE(c.upgraded()) << origin;
        EXPECT_EQ(c.response.rfind("HTTP/1.1 403", 0), 0u) << c.response;
    }
    PageClient own(port);
    EXPECT_TRUE(own.upgraded()) << own.response;
}

TEST_F(Page, HelloDecidesTheScopeAndABadOrMissingTokenClosesTheSocket) {
    const auto mix1 = hello(tokens.at("mix1"));
    const auto h = mix1->next_json([](const json& j) { return j.contains("hello"); });
    ASSERT_TRUE(h);
    EXPECT_EQ((*h)["hello"]["level"], "mix");
    EXPECT_EQ((*h)["hello"]["mix"], "mix1");
    ASSERT_EQ((*h)["fader"].size(), 201u) << "the fader law's points";

    int closed = 0;
    for (const std::string& token : {std::string("nope"), std::string(""), tokens.at("mix1") + "x"}) {
        auto c = hello(token);
        const auto e = c->next_json([](const json& j) { return j.contains("error"); });
        ASSERT_TRUE(e) << token;
        const auto close = c->wait_close();
        ASSERT_TRUE(close);
        EXPECT_EQ(close->close_code(), 1008);
        ++closed;
    }
    PageClient numeric_op(port);  // a first message whose op is not a string: refused, not a crash
    numeric_op.send_text(R"({"op":7,"token":"x"})");
    const auto numeric_close = numeric_op.wait_close();
    ASSERT_TRUE(numeric_close) << daemon->log();
    EXPECT_EQ(numeric_close->close_code(), 1008);
    ++closed;
    PageClient no_hello(port);
    no_hello.send_json({{"op", "set"}, {"mix", "mix1"}, {"source", "in1"}, {"level_db", -30.0}, {"id", 1}});
    ASSERT_TRUE(no_hello.wait_close());
    ++closed;
    std::printf("bad or missing tokens: %d refused and closed (1008)\n", closed);
    EXPECT_EQ(send_of("mix1", "in1")["level_db"], 0.0);
}

// The value of `key` in a link's fragment ("#mix=NAME&k=TOKEN"); "" when it has none.
std::string fragment_value(const std::string& url, const std::string& key) {
    const std::size_t hash = url.find('#');
    if (hash == std::string::npos) return "";
    std::size_t at = hash + 1;
    while (at < url.size()) {
        const std::size_t end = std::min(url.find('&', at), url.size());
        const std::string pair = url.substr(at, end - at);
        if (pair.rfind(key + "=", 0) == 0) return pair.substr(key.size() + 1);
        at = end + 1;
    }
    return "";
}

// What `headamp remote` prints is what a phone opens: each mix's link reaches the page with that mix's
// scope, the admin link every mix, and a renewed link replaces the old one at once.
TEST_F(Page, TheLinksHeadampRemotePrintsOpenTheirMixOnThePage) {
    const auto remote = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"--socket", daemon->socket, "--json", "remote"});
        const Result r = run_headamp(args);
        EXPECT_EQ(r.status, 0) << r.err;
        return r.status == 0 ? r.parsed() : json();
    };
    const auto level_of = [&](const std::string& token) {
        auto c = hello(token);
        const auto h = c->next_json([](const json& j) { return j.contains("hello") || j.contains("error"); });
        return h && h->contains("hello") ? (*h)["hello"] : json();
    };
    const json links = remote({});
    const std::string base = "http://127.0.0.1:" + std::to_string(port) + "/";
    ASSERT_EQ(links["mixes"].size(), 2u) << links.dump();
    for (const json& m : links["mixes"]) {
        const std::string url = m["url"];
        ASSERT_EQ(url.rfind(base + "#", 0), 0u) << "the token goes in the fragment: " << url;
        EXPECT_EQ(fragment_value(url, "mix"), m["mix"]) << url;
        EXPECT_EQ(fragment_value(url, "k"), m["token"]) << url;
        const json h = level_of(fragment_value(url, "k"));
        EXPECT_EQ(h["level"], "mix") << url;
        EXPECT_EQ(h["mix"], m["mix"]) << url;
    }
    EXPECT_EQ(level_of(fragment_value(links["admin_url"], "k"))["level"], "admin") << links["admin_url"];
    EXPECT_EQ(level_of(fragment_value(links["view_url"], "k"))["level"], "view") << links["view_url"];
    EXPECT_EQ(http_get(port, "/").status, 200);

    const json renewed = remote({"renew", "mix1"});
    const std::string old_token = tokens.at("mix1");
    const std::string new_token = fragment_value(renewed["url"], "k");
    ASSERT_FALSE(new_token.empty()) << renewed.dump();
    EXPECT_NE(new_token, old_token);
    EXPECT_EQ(level_of(new_token)["mix"], "mix1");
    EXPECT_TRUE(level_of(old_token).is_null()) << "the old link still opens mix1";
    EXPECT_EQ(level_of(tokens.at("B"))["mix"], "B") << "renewing mix1 changed B's link";
}

TEST_F(Page, AMixTokenChangesItsMixAndNothingOfAnotherMix) {
    // B's left output, measured by a JACK client: a refused request must not change what B's musician hears.
    SignalClient feeder(
        daemon->server->name(), "feeder",
        {{"out", [](int64_t f) { return static_cast<float>(0.5 * std::sin(2 * M_PI * 1000 * f / 48000.0)); }}}, {}, 0);
    SignalClient recorder(daemon->server->name(), "recorder", {}, {"L"}, 48000 / 4);
    ASSERT_EQ(jack_connect(recorder.client(), "headamp:B_L", "recorder:L"), 0);
    ASSERT_TRUE(JackHandle::wait_for(
        [&] { return ports_connected(daemon->server->name(), "feeder:out", "headamp:Guitar"); }, 10s));
    const auto b_level = [&] {
        std::this_thread::sleep_for(200ms);
        EXPECT_TRUE(recorder.record());
        return rms_db(recorder.recorded("L"));
    };
    const double before = b_level();
    const json b_before = daemon->state()["mixes"][1];

    auto c = hello(tokens.at("mix1"));
    ASSERT_TRUE(c->next_json([](const json& j) { return j.contains("hello"); }));
    EXPECT_TRUE(c->ask({{"op", "set"}, {"mix", "mix1"}, {"source", "Guitar"}, {"level_db", -9.5}}, 1)["ok"]);
    EXPECT_EQ(send_of("mix1", "Guitar")["level_db"], -9.5);
    EXPECT_TRUE(c->ask({{"op", "master"}, {"mix", "mix1"}, {"mute", true}}, 2)["ok"]);

    const std::vector<json> outside = {
        {{"op", "set"}, {"mix", "B"}, {"source", "Guitar"}, {"mute", true}},
        {{"op", "set"}, {"mix", "2"}, {"source", "Guitar"}, {"level_db", -40.0}},
        {{"op", "set"}, {"mix", 2}, {"source", "Guitar"}, {"level_db", -40.0}},
        {{"op", "set"}, {"mix", "mix"}, {"source", "Guitar"}, {"level_db", -40.0}},
        {{"op", "master"}, {"mix", "B"}, {"level_db", -30.0}},
        {{"op", "master"}, {"mix", "mix1"}, {"pan_law", "0dB"}},
        {{"op", "mix_remove"}, {"mix", "B"}},
        {{"op", "snapshot_load"}, {"name", "x"}},
        {{"op", "set"}, {"source", "Guitar"}, {"level_db", -40.0}},
    };
    int id = 10, refused = 0;
    for (const json& r : outside) {
        const json answer = c->ask(r, id);
        EXPECT_EQ(answer["id"], id) << r.dump();
        EXPECT_TRUE(answer.contains("error")) << r.dump() << " -> " << answer.dump();
        refused += answer.contains("error");
        ++id;
    }
    std::printf("a mix token for mix1: %d of %zu requests outside its mix refused\n", refused, outside.size());
    EXPECT_EQ(daemon->state()["mixes"][1], b_before) << "B's state unchanged";
    const double after = b_level();
    std::printf("B's left output: %.2f dB before, %.2f dB after the refused requests\n", before, after);
    EXPECT_GT(before, -20.0) << "B hears the guitar";
    EXPECT_NEAR(after, before, 0.1);

    // The admin token may change B; the view token may only look.
    auto a = hello(admin);
    ASSERT_TRUE(a->next_json([](const json& j) { return j.contains("hello"); }));
    EXPECT_TRUE(a->ask({{"op", "set"}, {"mix", "B"}, {"source", "in1"}, {"mute", true}}, 1)["ok"]);
    auto v = hello(view);
    const auto vh = v->next_json([](const json& j) { return j.contains("hello"); });
    ASSERT_TRUE(vh);
    EXPECT_EQ((*vh)["hello"]["level"], "view");
    EXPECT_TRUE(v->ask({{"op", "status"}}, 1)["ok"]);
    EXPECT_TRUE(v->ask({{"op", "set"}, {"mix", "mix1"}, {"source", "in1"}, {"mute", true}}, 2).contains("error"));
    EXPECT_EQ(send_of("mix1", "in1")["mute"], false);
}

TEST_F(Page, BadMessagesAreRefusedAndTheDaemonStaysUpWithNothingChanged) {
    auto c = hello(tokens.at("mix1"));
    ASSERT_TRUE(c->next_json([](const json& j) { return j.contains("hello"); }));
    const json before = daemon->state();
    const std::vector<std::string> bad = {
        "{not json",
        "[1,2,3]",
        "\"hello\"",
        R"({"op":"set","mix":"mix1","source":"in1","level_db":NaN,"id":1})",
        R"({"op":"set","mix":"mix1","source":"in1","level_db":1e999,"id":2})",
        R"({"op":"set","mix":"mix1","source":"in1","level_db":-1e999,"id":3})",
        R"({"op":"set","mix":"mix1","source":"in1","pan":"left","id":4})",
        R"({"op":"no_such_op","mix":"mix1","id":5})",
        R"({"op":"hello","token":"again","id":6})",
        R"({"op":"set","mix":"mix1","source":"nobody","level_db":-3,"id":7})",
        // Found by the page_message fuzz target: each of these used to throw out of the message handler.
        R"({"op":7,"id":8})",
        R"({"op":null,"id":9})",
    };
    int refused = 0;
    for (const std::string& b : bad) {
        c->send_text(b);
        const auto answer = c->next_json([](const json& j) { return j.contains("error") || j.contains("ok"); });
        ASSERT_TRUE(answer) << b;
        EXPECT_TRUE(answer->contains("error")) << b << " -> " << answer->dump();
        refused += answer->contains("error");
    }
    std::printf("bad WebSocket messages: %d of %zu refused, connection kept\n", refused, bad.size());
    EXPECT_EQ(daemon->state(), before);

    // Text that is not UTF-8 ends the connection (RFC 6455 8.1: 1007).
    for (const std::string text : {"\xff\xfe{\"op\":\"status\"}", "{\"op\":\"set\",\"mix\":\"\xc3\",\"id\":10}"}) {
        auto bad_text = hello(tokens.at("mix1"));
        ASSERT_TRUE(bad_text->next_json([](const json& j) { return j.contains("hello"); }));
        bad_text->send_text(text);
        const auto closed = bad_text->wait_close();
        ASSERT_TRUE(closed) << text;
        EXPECT_EQ(closed->close_code(), 1007) << text;
    }
    // A binary frame and an oversized message end the connection with the RFC's codes.
    c->send_frame(2, "\x01\x02");
    auto close = c->wait_close();
    ASSERT_TRUE(close);
    EXPECT_EQ(close->close_code(), 1003);
    auto big = hello(tokens.at("mix1"));
    ASSERT_TRUE(big->next_json([](const json& j) { return j.contains("hello"); }));
    big->send_text(std::string(200 * 1024, ' '));
    close = big->wait_close();
    ASSERT_TRUE(close);
    EXPECT_EQ(close->close_code(), 1009);
    auto split = hello(tokens.at("mix1"));
    ASSERT_TRUE(split->next_json([](const json& j) { return j.contains("hello"); }));
    for (int i = 0; i < 40; ++i) split->send_frame(i == 0 ? 1 : 0, std::string(4096, ' '), false);  // never ends
    close = split->wait_close();
    ASSERT_TRUE(close);
    EXPECT_EQ(close->close_code(), 1009);
    std::printf(
        "text not UTF-8 -> close 1007; binary frame -> close 1003; 200 KiB message and 160 KiB of fragments "
        "-> close 1009\n");
    EXPECT_TRUE(alive()) << daemon->log();
    EXPECT_EQ(daemon->state(), before);
}

TEST_F(Page, ChangesMadeElsewhereArriveWithinAHundredMillisecondsAndMetersFlow) {
    auto c = hello(tokens.at("mix1"));
    ASSERT_TRUE(c->next_json([](const json& j) { return j.contains("hello"); }));
    EXPECT_EQ(c->ask({{"op", "subscribe"}, {"meters_hz", 20}}, 1)["ok"], true);
    auto socket = daemon->connect();
    const auto t0 = std::chrono::steady_clock::now();
    ASSERT_TRUE(socket->request({{"op", "set"}, {"mix", "mix1"}, {"source", "in2"}, {"level_db", -17.0}})["ok"]);
    const auto event = c->next_json([](const json& j) { return j.value("event", "") == "state"; });
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_TRUE(event);
    EXPECT_EQ((*event)["mixes"][0]["sends"][1]["level_db"], -17.0);
    std::printf("socket set -> page told: %.1f ms (request round trip included)\n", ms);
    EXPECT_LT(ms, 100.0);

    int meters = 0;
    const auto until = std::chrono::steady_clock::now() + 1s;
    while (std::chrono::steady_clock::now() < until)
        if (c->next_json([](const json& j) { return j.value("event", "") == "meters"; }, 500ms)) ++meters;
    std::printf("meters: %d in 1 s at 20 Hz\n", meters);
    EXPECT_GE(meters, 15);
    EXPECT_LE(meters, 25);
}

TEST(PageCap, OneAddressMayHoldOnlyMaxPerAddressConnections) {
    const int port = free_tcp_port();
    Daemon daemon("PageCap", page_config(port, 3));
    std::vector<std::unique_ptr<PageClient>> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(std::make_unique<PageClient>(port));
        EXPECT_TRUE(held.back()->upgraded()) << i;
    }
    PageClient fourth(port);
    EXPECT_FALSE(fourth.upgraded()) << fourth.response;
    EXPECT_TRUE(fourth.tcp().closed_by_peer(2s));
    held.pop_back();
    EXPECT_TRUE(JackHandle::wait_for([&] { return PageClient(port).upgraded(); }, 3s)) << "a place freed";
}

}  // namespace
}  // namespace headamp::test
