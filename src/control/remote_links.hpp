// The phone page's links: a mix's (http://HOST:PORT/#mix=NAME&k=TOKEN) and the admin's and view's
// (http://HOST:PORT/#k=TOKEN). The token rides in the fragment, which a browser never sends to a server,
// so it stays out of every log.
#pragma once

#include <string>

namespace headamp::control {

// `text` with every byte but RFC 3986's unreserved ones (A-Z a-z 0-9 - . _ ~) written as %XX.
std::string percent_encoded(const std::string& text);

// `base` is the page's address as the page server bound it ("http://HOST:PORT/").
std::string mix_link(const std::string& base, const std::string& mix, const std::string& token);
std::string token_link(const std::string& base, const std::string& token);

}  // namespace headamp::control
