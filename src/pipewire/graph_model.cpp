// Card channels from PipeWire's properties (see graph_model.hpp).
#include "pipewire/graph_model.hpp"

#include <algorithm>
#include <charconv>
#include <tuple>

namespace headamp::pipewire {

namespace {

std::optional<long long> number(std::string_view text) {
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<long long> number_of(const Properties& props, std::string_view key) {
    const auto it = props.find(key);
    if (it == props.end()) return std::nullopt;
    return number(it->second);
}

std::string_view text_of(const Properties& props, std::string_view key) {
    const auto it = props.find(key);
    return it == props.end() ? std::string_view() : std::string_view(it->second);
}

constexpr int kOtherPositions = 1 << 20;  // after every AUX channel

}  // namespace

std::optional<int> channel_of_position(std::string_view position) {
    if (position == "FL" || position == "MONO") return 0;
    if (position == "FR") return 1;
    if (position.substr(0, 3) == "AUX")
        if (const auto n = number(position.substr(3)); n && *n >= 0 && *n < kOtherPositions)
            return static_cast<int>(*n);
    return std::nullopt;
}

void GraphModel::update(std::uint32_t id, ObjectType type, const Properties& props) {
    Object& object = objects_[id];
    object.type = type;
    for (const auto& [key, value] : props) object.props[key] = value;
}

void GraphModel::remove(std::uint32_t id) { objects_.erase(id); }

std::optional<std::uint32_t> GraphModel::device_of_card(int card_number) const {
    for (const auto& [id, object] : objects_)
        if (object.type == ObjectType::Device && number_of(object.props, "api.alsa.card") == card_number) return id;
    return std::nullopt;
}

bool GraphModel::node_of_card(const Object& node, int card_number) const {
    if (const auto device = number_of(node.props, "device.id")) {
        const auto it = objects_.find(static_cast<std::uint32_t>(*device));
        if (it != objects_.end() && it->second.type == ObjectType::Device)
            return number_of(it->second.props, "api.alsa.card") == card_number;
    }
    const auto own = number_of(node.props, "api.alsa.pcm.card");
    return (own ? own : number_of(node.props, "api.alsa.card")) == card_number;
}

std::vector<ChannelPort> GraphModel::node_ports(std::uint32_t node_id, std::string_view direction) const {
    // (channel rank, port.id, port): positions first, the node's own port order between equals.
    std::vector<std::tuple<long long, long long, ChannelPort>> ports;
    for (const auto& [id, object] : objects_) {
        if (object.type != ObjectType::Port || number_of(object.props, "node.id") != node_id) continue;
        if (text_of(object.props, "port.direction") != direction) continue;
        const auto serial = number_of(object.props, "object.serial");
        if (!serial || *serial < 0) continue;
        const auto rank = channel_of_position(text_of(object.props, "audio.channel"));
        ports.emplace_back(
            rank.value_or(kOtherPositions), number_of(object.props, "port.id").value_or(id),
            ChannelPort{static_cast<std::uint64_t>(*serial), std::string(text_of(object.props, "port.name"))});
    }
    std::sort(ports.begin(), ports.end(), [](const auto& a, const auto& b) {
        return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
    });
    std::vector<ChannelPort> serials;
    for (const auto& port : ports) serials.push_back(std::get<2>(port));
    return serials;
}

std::vector<GraphModel::NodeOfCard> GraphModel::nodes_of_card(int card_number) const {
    // The card's nodes in the order of their ALSA PCM device, then of their creation.
    std::vector<std::tuple<long long, std::uint32_t, bool>> nodes;  // (pcm device, id, capture)
    for (const auto& [id, object] : objects_) {
        if (object.type != ObjectType::Node || !node_of_card(object, card_number)) continue;
        const std::string_view media_class = text_of(object.props, "media.class");
        const bool source = media_class.substr(0, 12) == "Audio/Source";
        if (!source && media_class.substr(0, 10) != "Audio/Sink") continue;
        nodes.emplace_back(number_of(object.props, "api.alsa.pcm.device").value_or(0), id, source);
    }
    std::sort(nodes.begin(), nodes.end());
    std::vector<NodeOfCard> out;
    for (const auto& [pcm_device, id, capture] : nodes) out.push_back({id, capture, &objects_.at(id).props});
    return out;
}

CardChannels GraphModel::card_channels(int card_number) const {
    CardChannels channels;
    for (const NodeOfCard& node : nodes_of_card(card_number)) {
        // A source's channels are its output ports; a sink's its input ports (its outputs are monitors).
        const std::vector<ChannelPort> ports = node_ports(node.id, node.capture ? "out" : "in");
        auto& into = node.capture ? channels.capture : channels.playback;
        into.insert(into.end(), ports.begin(), ports.end());
    }
    return channels;
}

std::vector<CardNode> GraphModel::card_nodes(int card_number) const {
    std::vector<CardNode> out;
    for (const NodeOfCard& node : nodes_of_card(card_number))
        out.push_back({std::string(text_of(*node.props, "node.name")),
                       std::string(text_of(*node.props, "node.description")),
                       std::string(text_of(*node.props, "device.profile.name")), !node.capture,
                       text_of(*node.props, "api.alsa.soft-mixer") == "true"});
    return out;
}

}  // namespace headamp::pipewire
