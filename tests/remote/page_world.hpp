// What the page's browser test and latency benchmark share: headampd on a private jackd with two mixes
// and the page on loopback, a feeder on the Guitar source, recorders on both mixes' left outputs, and
// each mix's link from the `remote` operation.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cmath>
#include <functional>
#include <map>

#include "browser_driver.hpp"
#include "daemon_fixture.hpp"
#include "free_port.hpp"
#include "remote/token_store.hpp"

namespace headamp::test {

// The fixture's sources and mix1, a second mix B, and the page on loopback at `port`.
inline std::string page_config(int port, int max_per_address = 8) {
    return std::string(kFixtureConfig) +
           "\n[[mix]]\nname = \"B\"\n\n[remote]\nlisten = \"127.0.0.1:" + std::to_string(port) +
           "\"\nmax_per_address = " + std::to_string(max_per_address) + "\n";
}

// Each mix's token, and the admin's and the view's, made where headampd keeps them (its state dir) before
// it starts: what `headamp remote` would hand out.
struct PageTokens {
    std::map<std::string, std::string> mixes;
    std::string admin, view;
};

inline PageTokens make_tokens(const Daemon& daemon, const std::vector<std::string>& mixes) {
    remote::TokenStore store(std::filesystem::path(daemon.state_home) / "headamp" / "remote-tokens.json");
    PageTokens t;
    for (const std::string& m : mixes) t.mixes[m] = store.token_for_mix(m);
    t.admin = store.admin_token();
    t.view = store.view_token();
    return t;
}

// A mix's link as headamp remote gives it: http://HOST:PORT/#mix=NAME&k=TOKEN.
inline std::string mix_link(int port, const std::string& mix, const std::string& token) {
    return "http://127.0.0.1:" + std::to_string(port) + "/#mix=" + mix + "&k=" + token;
}

class PageWorld {
public:
    // `record_frames`: how much one levels() or recorder.record() takes in.
    PageWorld(const std::string& test, Signal guitar, int64_t record_frames = 48000 / 4)
        : port(free_tcp_port()),
          daemon(test, page_config(port), false),
          tokens(start_with_tokens(daemon)),
          feeder(daemon.server->name(), "feeder", {{"out", std::move(guitar)}}, {}, 0),
          recorder(daemon.server->name(), "recorder", {}, {"mix1", "B"}, record_frames) {
        if (jack_connect(recorder.client(), "headamp:mix1_L", "recorder:mix1") != 0 ||
            jack_connect(recorder.client(), "headamp:B_L", "recorder:B") != 0)
            throw std::runtime_error("cannot connect the recorder");
        const std::string server = daemon.server->name();
        if (!JackHandle::wait_for([&] { return ports_connected(server, "feeder:out", "headamp:Guitar"); }, 10s))
            throw std::runtime_error("the feeder was not patched; log:\n" + daemon.log());
        // Only the guitar is heard: the dummy's capture ports are quiet, but say so.
        auto c = daemon.connect();
        for (const char* mix : {"mix1", "B"})
            for (const char* source : {"in1", "in2"})
                c->request({{"op", "set"}, {"mix", mix}, {"source", source}, {"mute", true}});
        for (const auto& [mix, token] : tokens.mixes) links[mix] = mix_link(port, mix, token);
    }

    static PageTokens start_with_tokens(Daemon& d) {
        PageTokens t = make_tokens(d, {"mix1", "B"});
        d.start();
        return t;
    }

    json send_of(const std::string& mix, const std::string& source) const {
        const json state = daemon.state();  // kept: a range-for over a temporary's member would dangle
        for (const json& m : state["mixes"])
            if (m["name"] == mix)
                for (const json& s : m["sends"])
                    if (s["source"] == source) return s;
        return nullptr;
    }

    // RMS in dB at each mix's left output over a quarter of a second, after the ramp has settled.
    std::map<std::string, double> levels() {
        std::this_thread::sleep_for(100ms);
        if (!recorder.record()) throw std::runtime_error("the recorder got nothing");
        return {{"mix1", rms_db(recorder.recorded("mix1"))}, {"B", rms_db(recorder.recorded("B"))}};
    }

    int port;
    Daemon daemon;
    PageTokens tokens;
    SignalClient feeder;
    SignalClient recorder;
    std::map<std::string, std::string> links;
};

}  // namespace headamp::test
