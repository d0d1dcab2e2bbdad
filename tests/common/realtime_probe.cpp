// Replaces malloc/free/operator new/delete and pthread_mutex_lock for the test program, counting every
// call made from inside a RealtimeScope (the process callback) and forwarding to glibc.
#include "realtime_probe.hpp"

#include <dlfcn.h>
#include <pthread.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "core/realtime_scope.hpp"

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);
}

namespace {

std::atomic<uint64_t> g_allocations{0};
std::atomic<uint64_t> g_frees{0};
std::atomic<uint64_t> g_locks{0};

inline void note_allocation() {
    if (headamp::core::t_in_process_callback) g_allocations.fetch_add(1, std::memory_order_relaxed);
}
inline void note_free(void* p) {
    if (p && headamp::core::t_in_process_callback) g_frees.fetch_add(1, std::memory_order_relaxed);
}

using LockFn = int (*)(pthread_mutex_t*);
LockFn real_mutex_lock() {
    static LockFn fn = reinterpret_cast<LockFn>(dlsym(RTLD_NEXT, "pthread_mutex_lock"));
    return fn;
}
// Resolve before any test arms a scope: dlsym itself may allocate.
[[maybe_unused]] const LockFn g_resolved = real_mutex_lock();

}  // namespace

namespace headamp::test {
RealtimeViolations realtime_violations() { return {g_allocations.load(), g_frees.load(), g_locks.load()}; }
void reset_realtime_violations() {
    g_allocations = 0;
    g_frees = 0;
    g_locks = 0;
}
}  // namespace headamp::test

extern "C" {
void* malloc(std::size_t n) {
    note_allocation();
    return __libc_malloc(n);
}
void* calloc(std::size_t a, std::size_t b) {
    note_allocation();
    return __libc_calloc(a, b);
}
void* realloc(void* p, std::size_t n) {
    note_allocation();
    return __libc_realloc(p, n);
}
void free(void* p) {
    note_free(p);
    __libc_free(p);
}
int posix_memalign(void** out, std::size_t align, std::size_t n) {
    note_allocation();
    void* p = __libc_memalign(align, n);
    if (!p) return 12;  // ENOMEM
    *out = p;
    return 0;
}
void* aligned_alloc(std::size_t align, std::size_t n) {
    note_allocation();
    return __libc_memalign(align, n);
}
int pthread_mutex_lock(pthread_mutex_t* m) {
    if (headamp::core::t_in_process_callback) g_locks.fetch_add(1, std::memory_order_relaxed);
    return real_mutex_lock()(m);
}
}

// operator new/delete go through malloc/free above in libstdc++, but be explicit in case they do not.
void* operator new(std::size_t n) {
    if (void* p = malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, std::align_val_t a) {
    void* p = nullptr;
    if (posix_memalign(&p, static_cast<std::size_t>(a), n ? n : 1) != 0) throw std::bad_alloc();
    return p;
}
void* operator new[](std::size_t n, std::align_val_t a) { return operator new(n, a); }
void operator delete(void* p) noexcept { free(p); }
void operator delete[](void* p) noexcept { free(p); }
void operator delete(void* p, std::size_t) noexcept { free(p); }
void operator delete[](void* p, std::size_t) noexcept { free(p); }
void operator delete(void* p, std::align_val_t) noexcept { free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { free(p); }
