// The phone link view's model (P): each mix's link or token as the daemon's `remote` answer gave them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace headamp::cli::tui {

struct PhoneLinks {
    std::optional<std::int64_t> request;        // the `remote` request still waiting for its answer
    bool answered = false;                      // an answer (or a refusal) came
    bool page_on = false;                       // the links are there (the page is served)
    std::map<std::string, std::string> urls;    // mix -> its link, while the page is on
    std::map<std::string, std::string> tokens;  // mix -> its token
    std::string error;                          // what the daemon refused, if it did

    // The `remote` answer (or an error answer) to `request`.
    void take(const nlohmann::json& answer);
};

}  // namespace headamp::cli::tui
