// Telling JACK2's libjack from PipeWire's (see audio_stack.hpp).
#include "jack/audio_stack.hpp"

#include <jack/jack.h>

#include <array>
#include <charconv>

namespace headamp::jack {

std::string to_string(StackKind kind) { return kind == StackKind::PipeWire ? "pipewire" : "jack2"; }

AudioStack stack_of(std::string_view version_string) {
    constexpr std::string_view kPipeWire = "PipeWire";
    const std::size_t at = version_string.find(kPipeWire);
    if (at == std::string_view::npos) return {StackKind::Jack2, std::string(version_string)};
    // "... (using PipeWire 0.3.65)": the word after "PipeWire", up to a space or ')'.
    std::string_view rest = version_string.substr(at + kPipeWire.size());
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    return {StackKind::PipeWire, std::string(rest.substr(0, rest.find_first_of(" )")))};
}

bool closes_dead_clients_safely(const AudioStack& stack) {
    if (!stack.pipewire()) return true;
    std::array<int, 3> version{};  // major, minor, micro
    std::string_view rest = stack.version;
    for (int& part : version) {
        const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), part);
        if (error != std::errc()) return false;
        rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
        if (!rest.empty() && rest.front() == '.') rest.remove_prefix(1);
    }
    return version < std::array<int, 3>{1, 3, 81};
}

AudioStack detect_audio_stack() {
    const char* version = jack_get_version_string();
    return stack_of(version ? version : "");
}

}  // namespace headamp::jack
