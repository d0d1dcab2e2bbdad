// A source bound to a station's return channel (a NetJACK2 proxy's from_slave_N) is read by a return
// tap, a JACK client of its own, and never by the main client; it arrives in the mix exactly, one period
// late. The stand-in proxy is a plain client with a station's port layout.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <thread>

#include "jack/jack_session.hpp"
#include "jack_harness.hpp"
#include "session_pump.hpp"

using namespace headamp;
using headamp::test::pump;
using namespace std::chrono_literals;

namespace {

constexpr int kPeriod = 64;

// Names its frame: a copy of it read from the wrong period does not match.
float ramp(int64_t frame) { return static_cast<float>(frame % 1000) / 4000.0f; }

std::vector<std::string> connections_of(jack_client_t* client, const std::string& port) {
    std::vector<std::string> names;
    const jack_port_t* p = jack_port_by_name(client, port.c_str());
    if (!p) return names;
    const char** all = jack_port_get_all_connections(client, p);
    for (const char** c = all; c && *c; ++c) names.emplace_back(*c);
    jack_free(static_cast<void*>(all));
    return names;
}

}  // namespace

TEST(ReturnTap, AStationsReturnReachesTheMixExactlyOnePeriodLateThroughItsTapAlone) {
    test::JackServer server(test::unique_server_name("ret"), kPeriod);
    test::SignalClient station(server.name(), "st9", {{"from_slave_1", ramp}, {"from_slave_2", ramp}}, {"to_slave_1"},
                               0);
    test::SignalClient ears(server.name(), "ears", {}, {"left", "right"}, 4800);
    core::Engine engine(48000.0);
    core::Graph graph;
    graph.sources.push_back({"talkback", {3, -1}, 0.0, false});
    core::Mix cue;
    cue.name = "cue";
    cue.slot = 0;
    graph.mixes.push_back(cue);
    jack::PortBindings bindings;
    bindings.sources["talkback"] = {"st9:from_slave_1"};
    bindings.mixes["cue"] = {"ears:left", "ears:right"};
    jack::JackSession session({"headamp", server.name(), false}, engine, graph, bindings);
    pump(session, 300ms);  // connected, and the sends' ramps are over
    ASSERT_TRUE(session.connected());

    EXPECT_EQ(connections_of(station.client(), "st9:from_slave_1"), std::vector<std::string>{"headamp-st9:return_1"});
    EXPECT_TRUE(connections_of(station.client(), "headamp:talkback").empty()) << "the main client reads the station";
    EXPECT_TRUE(connections_of(station.client(), "st9:from_slave_2").empty()) << "no source reads from_slave_2";
    // What the device manager asks before it stops patching again every 20 ms: the tap's link counts.
    EXPECT_TRUE(session.client()->input_linked("st9:from_slave_1", "talkback"));
    EXPECT_FALSE(session.client()->input_linked("st9:from_slave_2", "talkback"));

    const uint64_t xruns_before = session.xruns();
    ASSERT_TRUE(ears.record());
    pump(session, 50ms);  // the xruns JACK reported while it recorded
    const uint64_t xruns = session.xruns() - xruns_before;
    // Mono, centred: the -3.01 dB pan law in each ear, of the period before, every period exactly. After
    // an xrun JACK moves its frame counter on by whole periods, and a client that then runs past the
    // start of the next cycle reads that cycle's frame time: a period may be silence, or the return
    // may run a period early or late for a while. It is never anything but the return's own periods.
    const float centre = static_cast<float>(std::pow(10.0, -3.0103 / 20.0));
    for (const char* side : {"left", "right"}) {
        const std::vector<float>& x = ears.recorded(side);
        const auto exact_at = [&](std::size_t p, int64_t lag) {
            for (std::size_t i = 0; i < kPeriod; ++i)
                if (std::fabs(x[p * kPeriod + i] -
                              centre * ramp(ears.cycle_frames()[p] + static_cast<int64_t>(i) - lag)) > 1e-6)
                    return false;
            return true;
        };
        const auto silent = [&](std::size_t p) {
            for (std::size_t i = p * kPeriod; i < (p + 1) * kPeriod; ++i)
                if (x[i] != 0.0f) return false;
            return true;
        };
        const std::size_t periods = x.size() / kPeriod;
        ASSERT_EQ(ears.cycle_frames().size(), periods);
        std::size_t exact = 0, shifted = 0, silence = 0, other = 0;
        for (std::size_t p = 0; p < periods; ++p) {
            if (exact_at(p, kPeriod))
                ++exact;
            else if (exact_at(p, 0) || exact_at(p, 2 * kPeriod))
                ++shifted;
            else if (silent(p))
                ++silence;
            else
                ++other;
        }
        std::printf(
            "%s: %zu periods: %zu exact one period late, %zu a period early or late, %zu silent, %zu other; "
            "%llu xruns\n",
            side, periods, exact, shifted, silence, other, static_cast<unsigned long long>(xruns));
        EXPECT_EQ(other, 0u) << side;
        if (xruns == 0) {
            EXPECT_EQ(exact, periods) << side;
        }
    }

    // The source let go of its return: the tap is closed.
    session.set_graph(core::Graph{{}, graph.mixes});
    pump(session, 100ms);
    EXPECT_TRUE(connections_of(station.client(), "st9:from_slave_1").empty());
    EXPECT_EQ(jack_port_by_name(station.client(), "headamp-st9:return_1"), nullptr);
}
