// Counts heap allocations, frees and mutex locks made on a thread inside a RealtimeScope.
#pragma once

#include <cstdint>

namespace headamp::test {

struct RealtimeViolations {
    uint64_t allocations;
    uint64_t frees;
    uint64_t mutex_locks;
    uint64_t total() const { return allocations + frees + mutex_locks; }
};

RealtimeViolations realtime_violations();
void reset_realtime_violations();

}  // namespace headamp::test
