// XDG path resolution for the control socket and snapshots (see paths.hpp).
#include "control/paths.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

namespace headamp::control {

namespace {
std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) return std::nullopt;
    return std::string(v);
}
}  // namespace

std::filesystem::path socket_path(const std::optional<std::string>& override_path) {
    if (override_path && !override_path->empty()) return *override_path;
    if (auto s = env("HEADAMP_SOCKET")) return *s;
    if (auto r = env("XDG_RUNTIME_DIR")) return std::filesystem::path(*r) / "headamp" / "control";
    return std::filesystem::path("/tmp/headamp-" + std::to_string(getuid())) / "control";
}

std::filesystem::path state_dir() {
    if (auto s = env("XDG_STATE_HOME")) return std::filesystem::path(*s) / "headamp";
    std::optional<std::string> home = env("HOME");
    if (!home) {
        if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_dir) home = pw->pw_dir;
    }
    return std::filesystem::path(home.value_or("/")) / ".local" / "state" / "headamp";
}

std::filesystem::path snapshot_dir() { return state_dir() / "snapshots"; }

}  // namespace headamp::control
