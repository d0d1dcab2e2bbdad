// Card ports by alias (see alsa_alias_finder.hpp).
#include "jack/alsa_alias_finder.hpp"

#include <charconv>
#include <map>

#include "jack/jack_client.hpp"

namespace headamp::jack {

namespace {

std::optional<int> parse_int(std::string_view s) {
    int value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return value;
}

// "hw:1,0" -> "1"; "plughw:CARD=USB,DEV=0" -> "USB"; anything not hw/plughw -> "".
std::string_view card_of_device(std::string_view device) {
    for (std::string_view prefix : {"hw:", "plughw:"})
        if (device.substr(0, prefix.size()) == prefix) {
            std::string_view card = device.substr(prefix.size());
            card = card.substr(0, card.find(','));
            if (card.substr(0, 5) == "CARD=") card.remove_prefix(5);
            return card;
        }
    return {};
}

}  // namespace

std::optional<AliasChannel> match_card_alias(std::string_view alias, int card_number, std::string_view card_id) {
    constexpr std::string_view kPrefix = "alsa_pcm:";
    if (alias.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
    alias.remove_prefix(kPrefix.size());
    const std::size_t colon = alias.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const std::string_view device = alias.substr(0, colon);
    std::string_view channel = alias.substr(colon + 1);
    AliasChannel result;
    if (channel.substr(0, 3) == "out") {
        result.capture = true;
        channel.remove_prefix(3);
    } else if (channel.substr(0, 2) == "in") {
        channel.remove_prefix(2);
    } else {
        return std::nullopt;
    }
    const std::optional<int> n = parse_int(channel);
    if (!n || *n < 1) return std::nullopt;
    result.channel = *n - 1;
    const std::string_view card = card_of_device(device);
    if (card.empty()) return std::nullopt;
    const bool same = (!card_id.empty() && card == card_id) || parse_int(card) == card_number;
    if (!same) return std::nullopt;
    return result;
}

CardPorts AlsaAliasFinder::find(const JackClient& client, int card_number, const std::string& card_id) const {
    std::map<int, std::string> capture, playback;
    for (const std::string& port : client.ports(PortDirection::Any))
        for (const std::string& alias : client.aliases(port)) {
            const auto match = match_card_alias(alias, card_number, card_id);
            if (!match) continue;
            (match->capture ? capture : playback)[match->channel] = port;
        }
    const auto in_order = [](const std::map<int, std::string>& by_channel) {
        std::vector<std::string> names;
        for (const auto& [channel, name] : by_channel) {
            if (channel != static_cast<int>(names.size())) return std::vector<std::string>{};
            names.push_back(name);
        }
        return names;
    };
    return {in_order(capture), in_order(playback)};
}

}  // namespace headamp::jack
