// What jack/ tells the other rooms about the graph (ports, port_exists, connected, aliases, card ports,
// repatch), asked of a real jackd where a test client stands in for JACK2's ALSA driver.
#include <gtest/gtest.h>

#include <algorithm>

#include "jack/jack_session.hpp"
#include "jack_harness.hpp"

using namespace headamp;
using test::JackHandle;
using test::JackServer;
using namespace std::chrono_literals;

namespace {

using Names = std::vector<std::string>;

Names sorted(Names names) {
    std::sort(names.begin(), names.end());
    return names;
}

jack::SessionOptions options_on(const std::string& server) {
    jack::SessionOptions options;
    options.client_name = "headamp";
    options.server = server;
    options.connect_physical = false;
    return options;
}

// A card port finder that answers what it is told to and remembers what it was asked.
class ScriptedFinder : public jack::CardPortFinder {
public:
    ScriptedFinder(jack::CardPorts answer, std::vector<std::pair<int, std::string>>& asked)
        : answer_(std::move(answer)), asked_(asked) {}
    jack::CardPorts find(const jack::JackClient&, int card_number, const std::string& card_id) const override {
        asked_.emplace_back(card_number, card_id);
        return answer_;
    }

private:
    jack::CardPorts answer_;
    std::vector<std::pair<int, std::string>>& asked_;
};

class PortQueries : public ::testing::Test {
protected:
    void SetUp() override {
        server_ = std::make_unique<JackServer>(test::unique_server_name("queries"));
        // Card 7 as JACK2's ALSA driver shows it, registered out of channel order: capture channel 2
        // first. "fakesys2" only shares the name's beginning. Card 8 lacks its first capture channel.
        fake_ = std::make_unique<JackHandle>(server_->name(), "fakesys");
        other_ = std::make_unique<JackHandle>(server_->name(), "fakesys2");
        const auto add = [](JackHandle& client, const char* name, unsigned long flags, const std::string& alias) {
            jack_port_t* port = jack_port_register(client.get(), name, JACK_DEFAULT_AUDIO_TYPE, flags, 0);
            ASSERT_NE(port, nullptr) << name;
            if (!alias.empty()) {
                ASSERT_EQ(jack_port_set_alias(port, alias.c_str()), 0) << name;
            }
        };
        add(*fake_, "capture_b", JackPortIsOutput, "alsa_pcm:hw:7:out2");
        add(*fake_, "capture_a", JackPortIsOutput, "alsa_pcm:hw:7:out1");
        add(*fake_, "playback_1", JackPortIsInput, "alsa_pcm:hw:CARD=USB,DEV=0:in1");
        add(*fake_, "playback_2", JackPortIsInput, "alsa_pcm:hw:CARD=USB,DEV=0:in2");
        add(*other_, "playback_1", JackPortIsInput, "");
        add(*other_, "capture_2", JackPortIsOutput, "alsa_pcm:hw:8:out2");
        ASSERT_EQ(jack_activate(fake_->get()), 0);
        ASSERT_EQ(jack_activate(other_->get()), 0);
    }

    std::unique_ptr<JackServer> server_;
    std::unique_ptr<JackHandle> fake_;
    std::unique_ptr<JackHandle> other_;
    core::Engine engine_{48000.0};
};

}  // namespace

TEST_F(PortQueries, PortsByDirectionAndByClient) {
    jack::JackSession session(options_on(server_->name()), engine_, {}, {});
    ASSERT_TRUE(session.connect_now());
    const jack::JackClient& client = *session.client();
    EXPECT_EQ(sorted(client.ports(jack::PortDirection::Input, "fakesys")),
              (Names{"fakesys:playback_1", "fakesys:playback_2"}));
    EXPECT_EQ(sorted(client.ports(jack::PortDirection::Output, "fakesys")),
              (Names{"fakesys:capture_a", "fakesys:capture_b"}));
    EXPECT_EQ(sorted(client.ports(jack::PortDirection::Any, "fakesys2")),
              (Names{"fakesys2:capture_2", "fakesys2:playback_1"}));
    EXPECT_EQ(client.ports(jack::PortDirection::Any, "nobody"), Names{});
    const Names all = client.ports(jack::PortDirection::Any);
    for (const char* port : {"fakesys:capture_a", "fakesys:capture_b", "fakesys:playback_1", "fakesys:playback_2",
                             "fakesys2:playback_1", "fakesys2:capture_2"})
        EXPECT_EQ(std::count(all.begin(), all.end(), port), 1) << port;
}

TEST_F(PortQueries, ExistenceConnectionsAndAliases) {
    jack::JackSession session(options_on(server_->name()), engine_, {}, {});
    ASSERT_TRUE(session.connect_now());
    const jack::JackClient& client = *session.client();
    EXPECT_TRUE(client.port_exists("fakesys:capture_a"));
    EXPECT_FALSE(client.port_exists("fakesys:capture_c"));
    EXPECT_FALSE(client.connected("fakesys:capture_a", "fakesys2:playback_1"));
    ASSERT_EQ(jack_connect(fake_->get(), "fakesys:capture_a", "fakesys2:playback_1"), 0);
    // Clients see a new connection from the server's next cycle on.
    EXPECT_TRUE(JackHandle::wait_for([&] { return client.connected("fakesys:capture_a", "fakesys2:playback_1"); }, 2s));
    EXPECT_TRUE(client.connected("fakesys2:playback_1", "fakesys:capture_a"));
    EXPECT_FALSE(client.connected("fakesys:capture_b", "fakesys2:playback_1"));
    EXPECT_FALSE(client.connected("fakesys:capture_c", "fakesys2:playback_1"));
    EXPECT_EQ(client.aliases("fakesys:capture_b"), Names{"alsa_pcm:hw:7:out2"});
    EXPECT_EQ(client.aliases("fakesys2:playback_1"), Names{});
    EXPECT_EQ(client.aliases("fakesys:capture_c"), Names{});
}

TEST_F(PortQueries, JackTwosCardPortsComeInChannelOrderAndOnlyComplete) {
    jack::JackSession session(options_on(server_->name()), engine_, {}, {});
    EXPECT_TRUE(session.card_ports(7, "USB").empty()) << "not connected yet";
    ASSERT_TRUE(session.connect_now());
    const jack::CardPorts card7 = session.card_ports(7, "USB");
    EXPECT_EQ(card7.capture, (Names{"fakesys:capture_a", "fakesys:capture_b"}));
    EXPECT_EQ(card7.playback, (Names{"fakesys:playback_1", "fakesys:playback_2"}));
    // By number alone, the playback aliases (hw:CARD=USB) are not card 7's.
    const jack::CardPorts by_number = session.card_ports(7, "");
    EXPECT_EQ(by_number.capture, (Names{"fakesys:capture_a", "fakesys:capture_b"}));
    EXPECT_TRUE(by_number.playback.empty());
    EXPECT_TRUE(session.card_ports(8, "Other").empty()) << "card 8's capture channel 1 has no port";
    EXPECT_TRUE(session.card_ports(9, "None").empty());
}

TEST_F(PortQueries, TheSessionAsksTheFinderItWasGiven) {
    std::vector<std::pair<int, std::string>> asked;
    const jack::CardPorts answer{{"node:capture_AUX0"}, {"node:playback_AUX0", "node:playback_AUX1"}};
    jack::JackSession session(options_on(server_->name()), engine_, {}, {},
                              std::make_unique<ScriptedFinder>(answer, asked));
    EXPECT_TRUE(session.card_ports(3, "Pro").empty());
    EXPECT_TRUE(asked.empty()) << "asked while not connected";
    ASSERT_TRUE(session.connect_now());
    const jack::CardPorts found = session.card_ports(3, "Pro");
    EXPECT_EQ(found.capture, answer.capture);
    EXPECT_EQ(found.playback, answer.playback);
    EXPECT_EQ(asked, (std::vector<std::pair<int, std::string>>{{3, "Pro"}}));
}

TEST_F(PortQueries, RepatchRemakesALinkCutByHand) {
    core::Graph graph;
    graph.sources.push_back({"vox", {0, -1}, 0.0, false});
    jack::PortBindings bindings;
    bindings.sources["vox"] = {"fakesys:capture_a"};
    jack::JackSession session(options_on(server_->name()), engine_, graph, bindings);
    const auto linked = [&] { return fake_->connected("fakesys:capture_a", "headamp:vox"); };
    ASSERT_TRUE(session.connect_now());  // and patches
    // Clients see a connection change from the server's next cycle on.
    ASSERT_TRUE(JackHandle::wait_for(linked, 2s));
    ASSERT_EQ(jack_disconnect(fake_->get(), "fakesys:capture_a", "headamp:vox"), 0);
    ASSERT_TRUE(JackHandle::wait_for([&] { return !linked(); }, 2s));
    session.repatch();  // the only way back: nothing runs the session's share of a main loop here
    EXPECT_TRUE(JackHandle::wait_for(linked, 2s));
}
