// What headampd keeps in RAM: the mappings of the real-time path, by their paths, and after locking, this
// program's own code resident and locked in full.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "util/memory_lock.hpp"

namespace headamp {
namespace {

TEST(MemoryLock, TheRealTimePathIsTheProgramTheRuntimesJackAndPipeWire) {
    const std::string program = "/usr/bin/headampd";
    for (const char* path :
         {"/usr/bin/headampd", "/usr/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30",
          "/usr/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libjack.so.0.1.0",
          "/usr/lib/x86_64-linux-gnu/pipewire-0.3/jack/libjack.so.0",
          "/usr/lib/x86_64-linux-gnu/libpipewire-0.3.so.0.365.0",
          "/usr/lib/x86_64-linux-gnu/spa-0.2/support/libspa-support.so", "/dev/shm/jack-0-0"})
        EXPECT_TRUE(on_realtime_path(path, program)) << path;
    for (const char* path : {"", "[heap]", "[stack]", "/usr/lib/x86_64-linux-gnu/libgnutls.so.30.34.3",
                             "/usr/lib/x86_64-linux-gnu/libunistring.so.2.2.0",
                             "/usr/lib/x86_64-linux-gnu/libmicrohttpd.so.12.60.0", "/usr/bin/headamp"})
        EXPECT_FALSE(on_realtime_path(path, program)) << path;
}

// The smaps fields of the mapping that holds `address`.
std::string smaps_of(const void* address) {
    const auto at = reinterpret_cast<unsigned long long>(address);
    std::ifstream smaps("/proc/self/smaps");
    std::string out;
    bool inside = false;
    for (std::string line; std::getline(smaps, line);) {
        const std::size_t dash = line.find('-');
        const std::size_t space = line.find(' ');
        if (dash != std::string::npos && space != std::string::npos && dash < space &&
            line.find_first_not_of("0123456789abcdef") == dash) {
            inside = std::stoull(line.substr(0, dash), nullptr, 16) <= at &&
                     at < std::stoull(line.substr(dash + 1, space - dash - 1), nullptr, 16);
            continue;
        }
        if (inside) out += line + "\n";
    }
    return out;
}

long field_kb(const std::string& smaps, const std::string& name) {
    std::istringstream in(smaps);
    for (std::string line; std::getline(in, line);)
        if (line.rfind(name + ":", 0) == 0) return std::stol(line.substr(name.size() + 1));
    return -1;
}

// VmLck of this process, in kB.
long locked_kb_now() {
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmLck:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

TEST(MemoryLock, ThisProgramsCodeIsResidentAndLockedInFull) {
    const MemoryLock lock = lock_realtime_memory();
    if (!lock.error.empty()) GTEST_SKIP() << "no privilege to lock memory here: " << lock.error;
    // AddressSanitizer's interceptors answer mlock and mlockall with success and lock nothing.
    if (locked_kb_now() == 0) GTEST_SKIP() << "mlock locks nothing in this build (sanitizers)";
    EXPECT_GT(lock.locked_kb, 0u);
    const std::string code = smaps_of(reinterpret_cast<const void*>(&lock_realtime_memory));
    ASSERT_FALSE(code.empty());
    const long size = field_kb(code, "Size");
    EXPECT_GT(size, 0) << code;
    EXPECT_EQ(field_kb(code, "Rss"), size) << code;
    EXPECT_EQ(field_kb(code, "Locked"), size) << code;
}

}  // namespace
}  // namespace headamp
