// Marks the current thread as running the process callback, so tests can prove what it never does.
#pragma once

namespace headamp::core {

// True on a thread while it is inside the process callback. Written only by RealtimeScope; read by
// the allocation and lock probes that the tests link in (tests/common/realtime_probe.cpp).
inline thread_local bool t_in_process_callback = false;

class RealtimeScope {
public:
    RealtimeScope() noexcept { t_in_process_callback = true; }
    ~RealtimeScope() { t_in_process_callback = false; }
    RealtimeScope(const RealtimeScope&) = delete;
    RealtimeScope& operator=(const RealtimeScope&) = delete;
};

}  // namespace headamp::core
