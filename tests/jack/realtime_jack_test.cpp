// Proves the real JACK process callback (JackClient::process running the engine on jackd's thread)
// allocates, frees and locks nothing while the graph changes under it: levels, solo, mixes and
// sources (ports) added and removed, a station's return read through a return tap.
#include <gtest/gtest.h>

#include <thread>

#include "jack/jack_session.hpp"
#include "jack_harness.hpp"
#include "realtime_probe.hpp"
#include "session_pump.hpp"

using namespace headamp;
using headamp::test::pump;
using namespace std::chrono_literals;

TEST(RealtimeJack, ProcessCallbackAllocatesAndLocksNothingThroughGraphChanges) {
    test::JackServer server(test::unique_server_name("rt"), 64);
    core::Engine engine(48000.0);
    jack::JackSession session({"headamp", server.name(), true}, engine, {}, {});
    pump(session, 200ms);
    ASSERT_TRUE(session.connected());
    ASSERT_EQ(session.graph().sources.size(), 2u) << "default patch: one source per physical capture port";
    test::reset_realtime_violations();
    const uint64_t cycles_before = session.client()->cycles();

    core::Graph g = session.graph();
    const auto change = [&](auto&& edit) {
        edit(g);
        ASSERT_FALSE(session.set_graph(g));
        pump(session, 30ms);
    };
    change([](core::Graph& gr) { gr.mixes[0].sends["in1"].level_db = -10; });
    change([](core::Graph& gr) { gr.mixes[0].sends["in2"].solo = true; });
    change([](core::Graph& gr) { gr.mixes[0].eq.enabled = true; });
    change([](core::Graph& gr) {
        core::Mix m;
        m.name = "drummer";
        m.slot = 3;
        gr.mixes.push_back(m);
    });
    change([](core::Graph& gr) { gr.sources.push_back({"extra", {5, 6}, 0.0, false}); });
    change([](core::Graph& gr) { gr.sources.pop_back(); });
    change([](core::Graph& gr) { gr.mixes.erase(gr.mixes.begin()); });
    change([](core::Graph& gr) { gr.sources[0].name = "vocal"; });  // port rename
    // A station's return channel (a stand-in proxy's from_slave_1): a return tap of its own reads it,
    // held to the same rules; then the source goes and the tap with it.
    test::SignalClient station(server.name(), "st9",
                               {{"from_slave_1", [](int64_t t) { return 0.001f * float(t % 100); }}}, {}, 0);
    jack::PortBindings bindings = session.bindings();
    bindings.sources["talkback"] = {"st9:from_slave_1"};
    session.set_bindings(bindings);
    change([](core::Graph& gr) { gr.sources.push_back({"talkback", {9, -1}, 0.0, false}); });
    pump(session, 200ms);
    const jack_port_t* tap_port = jack_port_by_name(station.client(), "headamp-st9:return_1");
    ASSERT_NE(tap_port, nullptr) << "no return tap was opened";
    EXPECT_TRUE(jack_port_connected_to(tap_port, "st9:from_slave_1"))
        << "the tap reads nothing: its cycles prove nothing";
    change([](core::Graph& gr) { gr.sources.pop_back(); });

    const uint64_t cycles = session.client()->cycles() - cycles_before;
    EXPECT_GT(cycles, 100u) << "the callback barely ran; the test would prove nothing";
    const auto v = test::realtime_violations();
    EXPECT_EQ(v.allocations, 0u);
    EXPECT_EQ(v.frees, 0u);
    EXPECT_EQ(v.mutex_locks, 0u);
}
