// Which PipeWire ports are a card's channels, from the properties PipeWire 0.3.65 gives a USB card's
// device, nodes and ports (as seen with pw-dump on a real snd-usb-audio card, docs/ARCHITECTURE.md).
#include <gtest/gtest.h>

#include <string>

#include "pipewire/graph_model.hpp"

using namespace headamp::pipewire;

namespace {

// A USB interface on card `card` as WirePlumber makes it: a device, and in Pro Audio a source and a sink node.
// Ids are base + n; serials are base * 10 + n, so the two cannot be confused.
void add_card(GraphModel& g, std::uint32_t base, int card, int inputs, int outputs) {
    const std::string c = std::to_string(card);
    g.update(base, ObjectType::Device,
             {{"api.alsa.card", c},
              {"device.name", "alsa_card.usb-PW_Interface_VMRIG0001-00"},
              {"device.bus", "usb"},
              {"media.class", "Audio/Device"}});
    g.update(base + 1, ObjectType::Node,
             {{"media.class", "Audio/Source"}, {"device.id", std::to_string(base)}, {"api.alsa.pcm.device", "0"}});
    g.update(base + 2, ObjectType::Node,
             {{"media.class", "Audio/Sink"}, {"device.id", std::to_string(base)}, {"api.alsa.pcm.device", "0"}});
    std::uint32_t id = base + 10;
    // Ports are announced in any order: the last channel first here.
    for (int n = inputs - 1; n >= 0; --n, ++id)
        g.update(id, ObjectType::Port,
                 {{"node.id", std::to_string(base + 1)},
                  {"port.direction", "out"},
                  {"port.id", std::to_string(n)},
                  {"audio.channel", "AUX" + std::to_string(n)},
                  {"port.name", "capture_AUX" + std::to_string(n)},
                  {"object.serial", std::to_string(base * 10 + n)}});
    for (int n = 0; n < outputs; ++n, ++id) {
        g.update(id, ObjectType::Port,
                 {{"node.id", std::to_string(base + 2)},
                  {"port.direction", "in"},
                  {"port.id", std::to_string(n)},
                  {"audio.channel", "AUX" + std::to_string(n)},
                  {"object.serial", std::to_string(base * 10 + 100 + n)}});
        // The sink's monitor of the same channel: an output, never a channel of the card.
        g.update(id + 1000, ObjectType::Port,
                 {{"node.id", std::to_string(base + 2)},
                  {"port.direction", "out"},
                  {"port.monitor", "true"},
                  {"port.id", std::to_string(n)},
                  {"audio.channel", "AUX" + std::to_string(n)},
                  {"object.serial", std::to_string(base * 10 + 200 + n)}});
    }
}

std::vector<std::uint64_t> serials(const std::vector<ChannelPort>& ports) {
    std::vector<std::uint64_t> out;
    for (const ChannelPort& p : ports) out.push_back(p.serial);
    return out;
}

}  // namespace

TEST(ChannelPosition, AuxNumbersAndStereoPositions) {
    EXPECT_EQ(channel_of_position("AUX0"), 0);
    EXPECT_EQ(channel_of_position("AUX17"), 17);
    EXPECT_EQ(channel_of_position("FL"), 0);
    EXPECT_EQ(channel_of_position("FR"), 1);
    EXPECT_EQ(channel_of_position("MONO"), 0);
    for (const char* other : {"", "AUX", "AUX-1", "AUXx", "RL", "LFE", "aux0"})
        EXPECT_FALSE(channel_of_position(other)) << other;
}

TEST(GraphModel, ProAudioCardChannelsInPositionOrderWithoutMonitors) {
    GraphModel g;
    add_card(g, 40, 1, 4, 2);
    EXPECT_EQ(g.device_of_card(1), 40u);
    const CardChannels c = g.card_channels(1);
    EXPECT_EQ(serials(c.capture), (std::vector<std::uint64_t>{400, 401, 402, 403}));
    EXPECT_EQ(serials(c.playback), (std::vector<std::uint64_t>{500, 501}));
    EXPECT_EQ(c.capture[2].name, "capture_AUX2");  // the JACK name's short part, checked by the finder
    EXPECT_TRUE(g.card_channels(2).empty());
    EXPECT_FALSE(g.device_of_card(2));
}

TEST(GraphModel, TwoIdenticalCardsStayApartByTheirCardNumber) {
    GraphModel g;
    add_card(g, 40, 1, 2, 2);
    add_card(g, 60, 2, 2, 2);
    EXPECT_EQ(serials(g.card_channels(1).capture), (std::vector<std::uint64_t>{400, 401}));
    EXPECT_EQ(serials(g.card_channels(2).capture), (std::vector<std::uint64_t>{600, 601}));
    EXPECT_EQ(serials(g.card_channels(2).playback), (std::vector<std::uint64_t>{700, 701}));
    // One card's source node going away leaves the other as it was.
    g.remove(41);
    EXPECT_TRUE(g.card_channels(1).capture.empty());
    EXPECT_EQ(serials(g.card_channels(1).playback), (std::vector<std::uint64_t>{500, 501}));
    EXPECT_EQ(serials(g.card_channels(2).capture), (std::vector<std::uint64_t>{600, 601}));
}

TEST(GraphModel, DesktopProfileFrontLeftIsChannelOneWhateverThePortOrder) {
    GraphModel g;
    g.update(7, ObjectType::Device, {{"api.alsa.card", "3"}});
    g.update(8, ObjectType::Node, {{"media.class", "Audio/Source"}, {"device.id", "7"}});
    g.update(9, ObjectType::Port,
             {{"node.id", "8"},
              {"port.direction", "out"},
              {"port.id", "0"},
              {"audio.channel", "FR"},
              {"object.serial", "91"}});
    g.update(10, ObjectType::Port,
             {{"node.id", "8"},
              {"port.direction", "out"},
              {"port.id", "1"},
              {"audio.channel", "FL"},
              {"object.serial", "92"}});
    EXPECT_EQ(serials(g.card_channels(3).capture), (std::vector<std::uint64_t>{92, 91}));
}

TEST(GraphModel, NodeWithoutADeviceIsTheCardsByItsOwnPcmCard) {
    GraphModel g;
    g.update(5, ObjectType::Node, {{"media.class", "Audio/Source/Virtual"}, {"api.alsa.pcm.card", "9"}});
    g.update(6, ObjectType::Port,
             {{"node.id", "5"}, {"port.direction", "out"}, {"audio.channel", "MONO"}, {"object.serial", "66"}});
    g.update(7, ObjectType::Port,
             {{"node.id", "5"}, {"port.direction", "in"}, {"audio.channel", "MONO"}, {"object.serial", "67"}});
    EXPECT_EQ(serials(g.card_channels(9).capture), (std::vector<std::uint64_t>{66}));
    EXPECT_TRUE(g.card_channels(9).playback.empty());  // a source's inputs are not the card's playback
    // A node whose device is another card's is not this card's, whatever else it says.
    g.update(1, ObjectType::Device, {{"api.alsa.card", "4"}});
    g.update(5, ObjectType::Node, {{"device.id", "1"}});
    EXPECT_TRUE(g.card_channels(9).empty());
    EXPECT_EQ(serials(g.card_channels(4).capture), (std::vector<std::uint64_t>{66}));
}

TEST(GraphModel, VideoAndMidiNodesAndPortsWithoutSerialsAreNotChannels) {
    GraphModel g;
    g.update(1, ObjectType::Device, {{"api.alsa.card", "1"}});
    g.update(2, ObjectType::Node, {{"media.class", "Midi/Bridge"}, {"device.id", "1"}});
    g.update(3, ObjectType::Port, {{"node.id", "2"}, {"port.direction", "out"}, {"object.serial", "30"}});
    g.update(4, ObjectType::Node, {{"media.class", "Audio/Source"}, {"device.id", "1"}});
    g.update(5, ObjectType::Port, {{"node.id", "4"}, {"port.direction", "out"}, {"audio.channel", "AUX0"}});
    EXPECT_TRUE(g.card_channels(1).empty());
}

TEST(GraphModel, CardNodesDescribeThemselvesInCardOrder) {
    GraphModel g;
    g.update(7, ObjectType::Device, {{"api.alsa.card", "3"}});
    // The sink first, on a later PCM device: the order is the card's (PCM device), not the registry's.
    g.update(9, ObjectType::Node,
             {{"media.class", "Audio/Sink"},
              {"device.id", "7"},
              {"api.alsa.pcm.device", "1"},
              {"node.name", "alsa_output.usb-X-00.analog-stereo"},
              {"node.description", "X Analog Stereo"},
              {"device.profile.name", "analog-stereo"},
              {"api.alsa.soft-mixer", "true"}});
    g.update(8, ObjectType::Node,
             {{"media.class", "Audio/Source"},
              {"device.id", "7"},
              {"api.alsa.pcm.device", "0"},
              {"node.name", "alsa_input.usb-X-00.mono-fallback"},
              {"node.description", "X Mono"},
              {"device.profile.name", "mono-fallback"}});
    g.update(10, ObjectType::Node, {{"media.class", "Video/Source"}, {"device.id", "7"}, {"node.name", "camera"}});
    const std::vector<CardNode> nodes = g.card_nodes(3);
    ASSERT_EQ(nodes.size(), 2u);
    EXPECT_EQ(nodes[0].name, "alsa_input.usb-X-00.mono-fallback");
    EXPECT_EQ(nodes[0].description, "X Mono");
    EXPECT_EQ(nodes[0].mapping, "mono-fallback");
    EXPECT_FALSE(nodes[0].sink);
    EXPECT_FALSE(nodes[0].soft_mixer);
    EXPECT_EQ(nodes[1].name, "alsa_output.usb-X-00.analog-stereo");
    EXPECT_TRUE(nodes[1].sink);
    EXPECT_TRUE(nodes[1].soft_mixer);
    EXPECT_TRUE(g.card_nodes(4).empty());
}
