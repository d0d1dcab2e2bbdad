// sd-daemon style stderr logging (see log.hpp).
#include "util/log.hpp"

#include <unistd.h>

#include <atomic>

namespace headamp::log {

namespace {
std::atomic<int> g_threshold{static_cast<int>(Level::Info)};
}

void set_threshold(Level level) { g_threshold = static_cast<int>(level); }

void write(Level level, std::string_view message) {
    if (static_cast<int>(level) > g_threshold) return;
    std::string line = "<" + std::to_string(static_cast<int>(level)) + ">";
    line.append(message);
    line.push_back('\n');
    // A short write to a closed stderr is nothing a daemon can do anything about.
    [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace headamp::log
