// The phone links as `headamp remote` prints them: each mix's link with its QR code, then the admin's
// and the view link; or, while the page is off, the tokens and how to turn it on.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace headamp::cli {

// `answer` is the `remote` operation's.
std::string render_remote(const nlohmann::json& answer);

// `remote_renew`'s answer: the mix's new link (or token, while the page is off).
std::string render_renewed(const nlohmann::json& answer);

}  // namespace headamp::cli
