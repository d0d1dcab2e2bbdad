// Under PipeWire: headamp's own PipeWire connection in the main loop (its loop's fd watched, reconnected
// with backoff after PipeWire goes away), the card port lookup the JACK session's finder asks, what
// PipeWire makes of a card (profile, who drives its volume), and the Pro Audio switch of every USB
// interface that arrives ([pipewire] profile in headamp.conf).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <set>

#include "control/records.hpp"
#include "jack/serial_port_finder.hpp"
#include "pipewire/pipewire_graph.hpp"
#include "util/main_loop.hpp"

namespace headamp::daemon {

class PipeWireWatch {
public:
    using Clock = MainLoop::Clock;
    static constexpr std::chrono::milliseconds kFirstRetry{250};
    static constexpr std::chrono::milliseconds kLongestRetry{5000};

    // pro_audio: switch each USB audio device to the "pro-audio" profile when it appears.
    PipeWireWatch(MainLoop& loop, bool pro_audio);
    ~PipeWireWatch();
    PipeWireWatch(const PipeWireWatch&) = delete;
    PipeWireWatch& operator=(const PipeWireWatch&) = delete;

    // The serials of card `card_number`'s ports, for jack::SerialPortFinder.
    jack::CardSerials card_serials(int card_number) const;

    // How PipeWire has card `card_number`: its nodes, profile and who drives its output volume, with the
    // quantum headampd runs at (0: not connected); nothing when PipeWire has no node of the card.
    std::optional<control::PipeWireRecord> describe(int card_number, std::uint32_t quantum) const;
    // Whether PipeWire sets the card's hardware output volume (a desktop profile): headamp must not.
    bool drives_volume(int card_number) const;

    // PipeWire went away (the JACK session should leave and reconnect: its client is dead too).
    std::function<void()> on_lost;

private:
    std::optional<std::chrono::milliseconds> tick(Clock::time_point now);
    void on_device(std::uint32_t id, const pipewire::Properties& props);

    MainLoop& loop_;
    bool pro_audio_;
    pipewire::PipeWireGraph graph_;
    bool watching_ = false;
    bool warned_ = false;
    Clock::time_point next_attempt_;
    std::chrono::milliseconds backoff_ = kFirstRetry;
    std::set<std::string> switched_;  // device names asked for Pro Audio in this connection
    int tick_ = -1;
};

}  // namespace headamp::daemon
