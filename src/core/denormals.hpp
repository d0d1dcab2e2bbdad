// Flush-to-zero / denormals-are-zero for the duration of a process cycle (a register, not a syscall).
#pragma once

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace headamp::core {

// Denormals appear in decaying filter and limiter states and cost 100x per operation on x86;
// a cue mixer would miss its deadline on a quiet passage.
class ScopedFlushDenormals {
public:
#if defined(__SSE__)
    ScopedFlushDenormals() noexcept : saved_(_mm_getcsr()) { _mm_setcsr(saved_ | 0x8040u); }  // FTZ | DAZ
    ~ScopedFlushDenormals() { _mm_setcsr(saved_); }
#elif defined(__aarch64__)
    ScopedFlushDenormals() noexcept {
        asm volatile("mrs %0, fpcr" : "=r"(saved_));
        asm volatile("msr fpcr, %0" : : "r"(saved_ | (1ull << 24)));
    }
    ~ScopedFlushDenormals() { asm volatile("msr fpcr, %0" : : "r"(saved_)); }
#endif
    ScopedFlushDenormals(const ScopedFlushDenormals&) = delete;
    ScopedFlushDenormals& operator=(const ScopedFlushDenormals&) = delete;

private:
#if defined(__SSE__)
    unsigned int saved_;
#elif defined(__aarch64__)
    unsigned long long saved_;
#endif
};

}  // namespace headamp::core
