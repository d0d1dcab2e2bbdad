// Locks the real-time path's memory (see memory_lock.hpp).
#include "util/memory_lock.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace headamp {

bool on_realtime_path(std::string_view pathname, std::string_view program) {
    if (pathname.empty()) return false;
    if (pathname == program) return true;
    if (pathname.starts_with("/dev/shm/jack")) return true;
    const std::string_view base = pathname.substr(pathname.rfind('/') + 1);
    constexpr std::array<std::string_view, 7> kLibraries = {
        "libc.so", "libm.so", "libstdc++.so", "libgcc_s.so", "libjack.so", "libpipewire-0.3", "ld-linux"};
    for (std::string_view lib : kLibraries)
        if (base.starts_with(lib)) return true;
    return pathname.find("/spa-0.2/") != std::string_view::npos ||
           pathname.find("/pipewire-0.3/jack/") != std::string_view::npos;
}

MemoryLock lock_realtime_memory() {
    MemoryLock result;
    if (mlockall(MCL_CURRENT | MCL_ONFAULT) != 0) result.error = std::string("mlockall: ") + std::strerror(errno);
    std::error_code ec;
    const std::string program = std::filesystem::read_symlink("/proc/self/exe", ec).string();
    std::ifstream maps("/proc/self/maps");
    for (std::string line; std::getline(maps, line);) {
        // "start-end perms offset dev inode   pathname"
        std::istringstream fields(line);
        std::string range, perms, offset, dev, inode, pathname;
        fields >> range >> perms >> offset >> dev >> inode;
        std::getline(fields >> std::ws, pathname);
        if (!on_realtime_path(pathname, program) || perms.find('r') == std::string::npos) continue;
        const std::size_t dash = range.find('-');
        const auto start = std::stoull(range.substr(0, dash), nullptr, 16);
        const auto end = std::stoull(range.substr(dash + 1), nullptr, 16);
        if (mlock(reinterpret_cast<const void*>(start), end - start) == 0) {
            result.locked_kb += (end - start) / 1024;
        } else if (result.error.empty()) {
            result.error = std::string("mlock: ") + std::strerror(errno);
        }
    }
    return result;
}

}  // namespace headamp
