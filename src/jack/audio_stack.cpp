// Telling JACK2's libjack from PipeWire's (see audio_stack.hpp).
#include "jack/audio_stack.hpp"

#include <jack/jack.h>

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

AudioStack detect_audio_stack() {
    const char* version = jack_get_version_string();
    return stack_of(version ? version : "");
}

}  // namespace headamp::jack
