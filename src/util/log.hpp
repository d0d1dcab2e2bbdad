// Logging to stderr with sd-daemon(3) priority prefixes, which journald turns into log levels.
#pragma once

#include <sstream>
#include <string>
#include <string_view>

namespace headamp::log {

enum class Level { Error = 3, Warning = 4, Notice = 5, Info = 6, Debug = 7 };

// Writes "<N>message\n" to stderr in one write(2), so lines from several threads never interleave.
// Never call from the process callback.
void write(Level level, std::string_view message);
void set_threshold(Level level);  // messages less important than this are dropped (default Info)

template <class... Args>
std::string format(const Args&... args) {
    std::ostringstream out;
    (out << ... << args);
    return out.str();
}

template <class... Args>
void error(const Args&... args) {
    write(Level::Error, format(args...));
}
template <class... Args>
void warning(const Args&... args) {
    write(Level::Warning, format(args...));
}
template <class... Args>
void notice(const Args&... args) {
    write(Level::Notice, format(args...));
}
template <class... Args>
void info(const Args&... args) {
    write(Level::Info, format(args...));
}
template <class... Args>
void debug(const Args&... args) {
    write(Level::Debug, format(args...));
}

}  // namespace headamp::log
