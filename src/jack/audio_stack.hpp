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

// Whether jack_client_close() may be called on a client whose server has gone. pipewire-jack 1.3.81 and
// later free a closed client's ports after pw_core_disconnect() has freed their buffers' memory maps with
// the connection's pool, so closing a client that still had buffers when PipeWire died frees them twice
// and corrupts the heap (seen with 1.4.2, Debian 13's; jack_client_close in pipewire-jack.c). JACK2's
// libjack and pipewire-jack 0.3 close such a client cleanly. An unreadable PipeWire version counts as unsafe.
bool closes_dead_clients_safely(const AudioStack& stack);

}  // namespace headamp::jack
