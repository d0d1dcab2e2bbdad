// headampd's environment variables (see environment.hpp).
#include "daemon/environment.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace headamp::daemon {

namespace {

std::vector<std::string> words(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

}  // namespace

void apply_bridge_environment(jack::BridgeSettings& bridges) {
    if (const char* c = std::getenv("HEADAMP_BRIDGE_CAPTURE"); c && *c) bridges.capture_command = words(c);
    if (const char* p = std::getenv("HEADAMP_BRIDGE_PLAYBACK"); p && *p) bridges.playback_command = words(p);
}

std::optional<std::string> alsa_config_from_environment() {
    const char* path = std::getenv("HEADAMP_ALSA_CONFIG");
    if (!path || !*path) return std::nullopt;
    std::ifstream in(path);
    if (!in) throw std::runtime_error(std::string("HEADAMP_ALSA_CONFIG: cannot read ") + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::optional<std::string> device_feed_from_environment() {
    const char* path = std::getenv("HEADAMP_DEVICE_FEED");
    if (!path || !*path) return std::nullopt;
    return std::string(path);
}

std::optional<std::string> pipewire_socket_from_environment() {
    const char* dir = std::getenv("PIPEWIRE_RUNTIME_DIR");
    if (!dir || !*dir) dir = std::getenv("XDG_RUNTIME_DIR");
    if (!dir || !*dir) return std::nullopt;
    const char* remote = std::getenv("PIPEWIRE_REMOTE");
    const std::string name = remote && *remote ? remote : "pipewire-0";
    const std::string path = name.front() == '/' ? name : std::string(dir) + "/" + name;
    std::error_code ec;
    if (!std::filesystem::is_socket(path, ec)) return std::nullopt;
    return path;
}

}  // namespace headamp::daemon
