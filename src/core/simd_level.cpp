// CPU feature detection for the kernel dispatch: asked once, when an Engine is made.
#include "core/simd_level.hpp"

#include <initializer_list>

namespace headamp::core {

bool simd_level_supported(SimdLevel level) noexcept {
#if defined(__x86_64__)
    __builtin_cpu_init();  // static constructors may run before libgcc's own
    switch (level) {
        case SimdLevel::Portable:
        case SimdLevel::Sse2: return true;
        // __builtin_cpu_supports also checks that the OS saves the ymm/zmm state (XGETBV).
        case SimdLevel::Avx2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        case SimdLevel::Avx512:
            return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        case SimdLevel::Neon: return false;
    }
    return false;
#elif defined(__aarch64__)
    return level == SimdLevel::Portable || level == SimdLevel::Neon;
#else
    return level == SimdLevel::Portable;
#endif
}

SimdLevel best_simd_level() noexcept {
    static const SimdLevel best = [] {
        for (SimdLevel l : {SimdLevel::Avx512, SimdLevel::Avx2, SimdLevel::Sse2, SimdLevel::Neon})
            if (simd_level_supported(l)) return l;
        return SimdLevel::Portable;
    }();
    return best;
}

const char* to_string(SimdLevel level) noexcept {
    switch (level) {
        case SimdLevel::Portable: return "portable";
        case SimdLevel::Sse2: return "sse2";
        case SimdLevel::Avx2: return "avx2+fma";
        case SimdLevel::Avx512: return "avx512";
        case SimdLevel::Neon: return "neon";
    }
    return "unknown";
}

}  // namespace headamp::core
