// Card ports by alias (see card_ports.hpp).
#include "jack/card_ports.hpp"

#include <charconv>
#include <map>

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

CardPorts find_card_ports(jack_client_t* client, int card_number, const std::string& card_id) {
    std::map<int, std::string> capture, playback;
    const char** ports = jack_get_ports(client, nullptr, JACK_DEFAULT_AUDIO_TYPE, 0);
    const int size = jack_port_name_size();
    std::vector<char> a(static_cast<std::size_t>(size)), b(static_cast<std::size_t>(size));
    for (const char** p = ports; p && *p; ++p) {
        jack_port_t* port = jack_port_by_name(client, *p);
        if (!port) continue;
        char* aliases[2] = {a.data(), b.data()};
        const int n = jack_port_get_aliases(port, aliases);
        for (int i = 0; i < n; ++i) {
            const auto match = match_card_alias(aliases[i], card_number, card_id);
            if (!match) continue;
            (match->capture ? capture : playback)[match->channel] = *p;
        }
    }
    if (ports) jack_free(static_cast<void*>(ports));
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
