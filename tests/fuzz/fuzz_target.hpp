// What every fuzz target shares: libFuzzer's entry point, a check that stops the run, and a reader
// that turns the fuzzer's bytes into the few numbers and strings a target needs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

// libFuzzer calls it once per input (fuzz builds); replay_main.cpp calls it once per corpus file (the
// normal build's corpus replay tests). Returns 0; a finding aborts.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

// A property the code under test must keep for every input. Failing it is a finding, reported like a crash.
#define FUZZ_CHECK(condition, what)                                                                     \
    do {                                                                                                \
        if (!(condition)) {                                                                             \
            std::fprintf(stderr, "%s:%d: fuzz check failed: %s (%s)\n", __FILE__, __LINE__, #condition, \
                         std::string(what).c_str());                                                    \
            std::abort();                                                                               \
        }                                                                                               \
    } while (0)

namespace headamp::fuzz {

// Takes values off the front of the input; once it is used up, numbers are 0 and strings empty.
class FuzzInput {
public:
    FuzzInput(const std::uint8_t* data, std::size_t size) : rest_(reinterpret_cast<const char*>(data), size) {}

    bool empty() const { return rest_.empty(); }
    std::string_view rest() const { return rest_; }

    std::uint8_t byte() {
        if (rest_.empty()) return 0;
        const auto b = static_cast<std::uint8_t>(rest_.front());
        rest_.remove_prefix(1);
        return b;
    }

    // Little-endian, from as many bytes as T has.
    template <typename T>
    T integer() {
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < sizeof(T); ++i) v |= std::uint64_t{byte()} << (8 * i);
        return static_cast<T>(v);
    }

    // Up to the next `separator` (dropped) or the end.
    std::string_view field(char separator = '\n') {
        const std::size_t end = rest_.find(separator);
        const std::string_view out = rest_.substr(0, end);
        rest_.remove_prefix(end == std::string_view::npos ? rest_.size() : end + 1);
        return out;
    }

private:
    std::string_view rest_;
};

}  // namespace headamp::fuzz
