// Keeps in RAM what the process callback runs in and touches, and no more than that: locking every
// mapping (mlockall MCL_CURRENT) would also fault in and pin every library headampd links, in full
// (GnuTLS through libmicrohttpd, libunistring, p11-kit...), about 10 MB that no cycle ever reads.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace headamp {

// Whether a mapping (a pathname from /proc/self/maps) is one the real-time path runs in or reads: the
// program itself, the C and C++ runtimes, libjack (JACK2's or PipeWire's) and PipeWire with its SPA
// plugins, and the JACK server's shared memory.
bool on_realtime_path(std::string_view pathname, std::string_view program);

struct MemoryLock {
    std::size_t locked_kb = 0;  // what the real-time mappings hold, faulted in and locked
    std::string error;          // empty when both steps worked
};

// Locks every mapping as its pages are touched (mlockall MCL_CURRENT | MCL_ONFAULT), and faults in and
// locks at once the mappings on the real-time path. Without the privilege nothing is locked, and the
// error says why; headampd runs on, slower to page in.
MemoryLock lock_realtime_memory();

}  // namespace headamp
