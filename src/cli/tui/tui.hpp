// headamp without arguments: the alsamixer-style mixer screen.
#pragma once

#include <optional>
#include <string>

namespace headamp::cli::tui {

// Runs until the user quits; returns the exit status (3 when no daemon can be reached).
int run(const std::optional<std::string>& socket);

}  // namespace headamp::cli::tui
