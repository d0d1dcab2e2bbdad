// The page's links (see remote_links.hpp).
#include "control/remote_links.hpp"

namespace headamp::control {

std::string percent_encoded(const std::string& text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                c == '-' || c == '.' || c == '_' || c == '~';
        if (unreserved) {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
    }
    return out;
}

std::string mix_link(const std::string& base, const std::string& mix, const std::string& token) {
    return base + "#mix=" + percent_encoded(mix) + "&k=" + token;
}

std::string token_link(const std::string& base, const std::string& token) { return base + "#k=" + token; }

}  // namespace headamp::control
