// The WebSocket handshake's Sec-WebSocket-Accept (RFC 6455 4.2.2): base64(SHA-1(key + the RFC's GUID)),
// by GnuTLS, which libmicrohttpd already links.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace headamp::remote {

// Nothing when `key` is not the base64 of 16 bytes, as RFC 6455 asks of a client.
std::optional<std::string> websocket_accept(std::string_view key);

}  // namespace headamp::remote
