// IP addresses and networks as a user writes them ("192.168.1.20", "192.168.1.0/24", "::1"), and
// whether a sender's socket address belongs to one: for the OSC listen address and allow-list.
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace headamp {

struct IpNetwork {
    int family = AF_INET;  // AF_INET or AF_INET6
    std::array<std::uint8_t, 16> bytes{};
    int prefix = 32;  // leading bits that must match (32 or 128 for one address)
};

// "ADDR" (one address) or "ADDR/PREFIX"; nothing when it is neither (names are not looked up).
std::optional<IpNetwork> parse_ip_network(std::string_view text);
// "ADDR" only.
std::optional<IpNetwork> parse_ip_address(std::string_view text);

// Whether `address` is this machine's own only: 127.0.0.0/8 or ::1.
bool is_loopback(const IpNetwork& address);

// An address and a port as a user writes them: "192.168.1.20:8080", "0.0.0.0:8080", "[::]:8080".
struct IpEndpoint {
    IpNetwork address;  // one address (prefix 32 or 128)
    int port = 0;       // 1..65535
};
std::optional<IpEndpoint> parse_ip_endpoint(std::string_view text);
// The endpoint as a socket address for bind(2); returns its length.
socklen_t to_sockaddr(const IpEndpoint& endpoint, sockaddr_storage& out);

// Whether `address` (AF_INET or AF_INET6; an IPv4-mapped IPv6 address counts as its IPv4 address)
// lies in `network`.
bool network_contains(const IpNetwork& network, const sockaddr_storage& address);

// "192.168.1.20:9000" or "[::1]:9000", for log lines.
std::string endpoint_text(const sockaddr_storage& address);

}  // namespace headamp
