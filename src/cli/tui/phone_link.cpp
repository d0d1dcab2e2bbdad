// The phone link view's model (see phone_link.hpp).
#include "cli/tui/phone_link.hpp"

namespace headamp::cli::tui {

void PhoneLinks::take(const nlohmann::json& answer) {
    request.reset();
    answered = true;
    urls.clear();
    tokens.clear();
    error.clear();
    if (answer.contains("error")) {
        error = answer["error"].get<std::string>();
        return;
    }
    page_on = !answer.contains("page");
    for (const nlohmann::json& m : answer.at("mixes")) {
        const std::string mix = m.at("mix").get<std::string>();
        tokens[mix] = m.at("token").get<std::string>();
        if (m.contains("url")) urls[mix] = m["url"].get<std::string>();
    }
}

}  // namespace headamp::cli::tui
