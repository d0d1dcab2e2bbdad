// Which audio stack serves headampd's libjack: JACK2's own, or PipeWire's (pipewire-jack, e.g. under
// pw-jack). Under PipeWire headampd never starts jackd or a bridge: PipeWire holds every card.
#pragma once

#include <string>
#include <string_view>

namespace headamp::jack {

enum class StackKind { Jack2, PipeWire };

struct AudioStack {
    StackKind kind = StackKind::Jack2;
    std::string version;  // JACK2's ("1.9.21") or PipeWire's ("0.3.65")

    bool pipewire() const { return kind == StackKind::PipeWire; }
};

// "jack2" or "pipewire", as status shows it.
std::string to_string(StackKind kind);

// From what jack_get_version_string() says: "1.9.21" (JACK2), "3.0.0.0 (using PipeWire 0.3.65)".
AudioStack stack_of(std::string_view version_string);

// The stack of the libjack this process has loaded (needs no server).
AudioStack detect_audio_stack();

}  // namespace headamp::jack
