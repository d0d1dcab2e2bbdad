// What headamp knows of PipeWire's graph (devices, nodes, ports and their properties) and which ports
// carry a card's channels: pure logic, filled by pipewire_graph.hpp, tested with recorded properties.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipewire/card_profile.hpp"

namespace headamp::pipewire {

enum class ObjectType { Device, Node, Port };
using Properties = std::map<std::string, std::string, std::less<>>;

// One channel's port: its object.serial, which pipewire-jack gives the port as its JACK uuid's index
// (jack/serial_port_finder.hpp turns it into a JACK name), and its port.name, the JACK name's short part.
struct ChannelPort {
    std::uint64_t serial = 0;
    std::string name;
    bool operator==(const ChannelPort&) const = default;
};

// The ports of a card's channels, in channel order.
struct CardChannels {
    std::vector<ChannelPort> capture;   // output ports of the card's source nodes
    std::vector<ChannelPort> playback;  // input ports of its sink nodes
    bool empty() const { return capture.empty() && playback.empty(); }
    bool operator==(const CardChannels&) const = default;
};

// The order of a port among its node's channels, from its position (audio.channel): AUX<n> is n
// (Pro Audio), FL and MONO 0, FR 1 (the desktop profiles), anything else after those.
std::optional<int> channel_of_position(std::string_view position);

class GraphModel {
public:
    // Adds an object or merges new properties into it (a bound proxy's info brings more than the registry).
    void update(std::uint32_t id, ObjectType type, const Properties& props);
    void remove(std::uint32_t id);
    void clear() { objects_.clear(); }
    std::size_t size() const { return objects_.size(); }

    // The PipeWire device of ALSA card `card_number` (api.alsa.card), if PipeWire has one.
    std::optional<std::uint32_t> device_of_card(int card_number) const;
    // The ports of the card's nodes: a node is the card's when its device is (device.id), or, for a
    // node without a device, when its own api.alsa.pcm.card (or api.alsa.card) says so.
    CardChannels card_channels(int card_number) const;
    // The same nodes as they describe themselves (pipewire/card_profile.hpp), in the same order.
    std::vector<CardNode> card_nodes(int card_number) const;

private:
    struct Object {
        ObjectType type;
        Properties props;
    };
    struct NodeOfCard {
        std::uint32_t id;
        bool capture;
        const Properties* props;
    };
    std::vector<NodeOfCard> nodes_of_card(int card_number) const;
    bool node_of_card(const Object& node, int card_number) const;
    std::vector<ChannelPort> node_ports(std::uint32_t node_id, std::string_view direction) const;

    std::map<std::uint32_t, Object> objects_;
};

}  // namespace headamp::pipewire
