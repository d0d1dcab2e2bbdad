// Sec-WebSocket-Accept (see websocket_accept.hpp).
#include "remote/websocket_accept.hpp"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include <array>
#include <cstdlib>

namespace headamp::remote {

std::optional<std::string> websocket_accept(std::string_view key) {
    // 16 bytes in base64: 22 characters and "==".
    if (key.size() != 24 || key.substr(22) != "==") return std::nullopt;
    for (char c : key.substr(0, 22))
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/'))
            return std::nullopt;
    const std::string text = std::string(key) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    std::array<unsigned char, 20> digest{};
    if (gnutls_hash_fast(GNUTLS_DIG_SHA1, text.data(), text.size(), digest.data()) != 0) return std::nullopt;
    gnutls_datum_t in{digest.data(), static_cast<unsigned>(digest.size())};
    gnutls_datum_t out{nullptr, 0};
    if (gnutls_base64_encode2(&in, &out) != 0) return std::nullopt;
    std::string accept(reinterpret_cast<const char*>(out.data), out.size);
    gnutls_free(out.data);
    return accept;
}

}  // namespace headamp::remote
