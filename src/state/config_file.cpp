// Where the config file lives and how it is read from disk.
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "state/config.hpp"

namespace headamp::state {

namespace {

// A hand-written config file is a few kilobytes; refuse anything that is clearly not one.
constexpr std::size_t kMaxFileSize = 1 << 20;

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

std::string read_error(const std::filesystem::path& file, int error) {
    return file.string() + ": cannot read the config file: " + std::strerror(error);
}

// The passwd entry's home directory, for when HOME is not set (as under some service managers).
std::optional<std::string> passwd_home() {
    long size = sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buffer(size > 0 ? static_cast<std::size_t>(size) : 16384);
    passwd entry{};
    passwd* found = nullptr;
    if (getpwuid_r(getuid(), &entry, buffer.data(), buffer.size(), &found) != 0 || !found || !found->pw_dir ||
        found->pw_dir[0] != '/')
        return std::nullopt;
    return std::string(found->pw_dir);
}

}  // namespace

Config load_config(const std::filesystem::path& file) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec)) throw ConfigError(read_error(file, EISDIR));
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(file.c_str(), "rb"));
    if (!f) throw ConfigError(read_error(file, errno));
    std::string text;
    char chunk[8192];
    while (std::size_t n = std::fread(chunk, 1, sizeof chunk, f.get())) {
        text.append(chunk, n);
        if (text.size() > kMaxFileSize)
            throw ConfigError(file.string() + ": the config file is larger than " + std::to_string(kMaxFileSize >> 20) +
                              " MiB; is it really a headamp.conf?");
    }
    if (std::ferror(f.get())) throw ConfigError(read_error(file, errno));
    return parse_config(text, file.string());
}

std::filesystem::path default_config_path() {
    // The XDG base directory spec says to ignore a relative XDG_CONFIG_HOME.
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    if (xdg && xdg[0] == '/') return std::filesystem::path(xdg) / "headamp" / "headamp.conf";
    std::optional<std::string> home;
    if (const char* h = std::getenv("HOME"); h && h[0] == '/')
        home = h;
    else
        home = passwd_home();
    if (!home)
        throw ConfigError(
            "cannot find the config file: neither XDG_CONFIG_HOME nor HOME is set to an absolute path, "
            "and the user has no home directory");
    return std::filesystem::path(*home) / ".config" / "headamp" / "headamp.conf";
}

}  // namespace headamp::state
