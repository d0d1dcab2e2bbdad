// IP addresses and networks (see ip_address.hpp).
#include "util/ip_address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>
#include <cstring>

namespace headamp {

namespace {

// An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as the IPv4 address it stands for.
IpNetwork host_of(const sockaddr_storage& address) {
    IpNetwork host;
    if (address.ss_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(&address);
        std::memcpy(host.bytes.data(), &in->sin_addr, 4);
        return host;
    }
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&address);
    if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)) {
        std::memcpy(host.bytes.data(), in6->sin6_addr.s6_addr + 12, 4);
        return host;
    }
    host.family = AF_INET6;
    host.prefix = 128;
    std::memcpy(host.bytes.data(), in6->sin6_addr.s6_addr, 16);
    return host;
}

}  // namespace

std::optional<IpNetwork> parse_ip_address(std::string_view text) {
    if (text.empty() || text.size() > INET6_ADDRSTRLEN) return std::nullopt;
    const std::string s(text);
    IpNetwork n;
    if (inet_pton(AF_INET, s.c_str(), n.bytes.data()) == 1) return n;
    n.family = AF_INET6;
    n.prefix = 128;
    if (inet_pton(AF_INET6, s.c_str(), n.bytes.data()) == 1) return n;
    return std::nullopt;
}

std::optional<IpNetwork> parse_ip_network(std::string_view text) {
    const std::size_t slash = text.find('/');
    std::optional<IpNetwork> n = parse_ip_address(text.substr(0, slash));
    if (!n || slash == std::string_view::npos) return n;
    const std::string_view digits = text.substr(slash + 1);
    int prefix = -1;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
    const int max = n->family == AF_INET ? 32 : 128;
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || prefix < 0 || prefix > max)
        return std::nullopt;
    n->prefix = prefix;
    return n;
}

std::optional<IpEndpoint> parse_ip_endpoint(std::string_view text) {
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    std::string_view host = text.substr(0, colon);
    const std::string_view digits = text.substr(colon + 1);
    const bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
    if (bracketed) host = host.substr(1, host.size() - 2);
    std::optional<IpNetwork> address = parse_ip_address(host);
    // An IPv6 address needs its brackets, or "::1:80" would be ambiguous.
    if (!address || (address->family == AF_INET6) != bracketed) return std::nullopt;
    int port = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || port < 1 || port > 65535)
        return std::nullopt;
    return IpEndpoint{*address, port};
}

socklen_t to_sockaddr(const IpEndpoint& endpoint, sockaddr_storage& out) {
    out = {};
    if (endpoint.address.family == AF_INET) {
        auto* in = reinterpret_cast<sockaddr_in*>(&out);
        in->sin_family = AF_INET;
        in->sin_port = htons(static_cast<std::uint16_t>(endpoint.port));
        std::memcpy(&in->sin_addr, endpoint.address.bytes.data(), 4);
        return sizeof(sockaddr_in);
    }
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&out);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(static_cast<std::uint16_t>(endpoint.port));
    std::memcpy(&in6->sin6_addr, endpoint.address.bytes.data(), 16);
    return sizeof(sockaddr_in6);
}

bool is_loopback(const IpNetwork& address) {
    if (address.family == AF_INET) return address.bytes[0] == 127;
    const std::array<std::uint8_t, 16> v6_loopback{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    return address.bytes == v6_loopback;
}

bool network_contains(const IpNetwork& network, const sockaddr_storage& address) {
    if (address.ss_family != AF_INET && address.ss_family != AF_INET6) return false;
    const IpNetwork host = host_of(address);
    if (host.family != network.family) return false;
    const int whole = network.prefix / 8;
    if (std::memcmp(host.bytes.data(), network.bytes.data(), static_cast<std::size_t>(whole)) != 0) return false;
    const int bits = network.prefix % 8;
    if (bits == 0) return true;
    const auto mask = static_cast<std::uint8_t>(0xff << (8 - bits));
    const auto i = static_cast<std::size_t>(whole);
    return (host.bytes[i] & mask) == (network.bytes[i] & mask);
}

std::string endpoint_text(const sockaddr_storage& address) {
    char text[INET6_ADDRSTRLEN] = "?";
    if (address.ss_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(&address);
        inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
        return std::string(text) + ":" + std::to_string(ntohs(in->sin_port));
    }
    if (address.ss_family == AF_INET6) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&address);
        inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
        return "[" + std::string(text) + "]:" + std::to_string(ntohs(in6->sin6_port));
    }
    return "(not an IP address)";
}

}  // namespace headamp
