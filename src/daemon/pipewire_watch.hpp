// Under PipeWire: headamp's own PipeWire connection in the main loop (its loop's fd watched, reconnected
// with backoff after PipeWire goes away), the card port lookup the JACK session's finder asks, what
// PipeWire makes of a card (profile, who drives its volume), and the Pro Audio switch of every USB
// interface that arrives ([pipewire] profile in headamp.conf).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

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
    // After headamp switched a device to Pro Audio, a profile the session manager puts back within this
    // time is its first choice for a new device (WirePlumber 0.4 makes it about 1 s later) and is switched
    // again, at most kMostSwitches times; any later change is somebody's choice and is kept.
    static constexpr std::chrono::seconds kSettle{10};
    static constexpr int kMostSwitches = 3;

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
    void on_profile(std::uint32_t id, const std::string& profile);
    void switch_to_pro_audio(std::uint32_t id);

    // A USB device headamp switches to Pro Audio, and how that went.
    struct Switched {
        std::string card, description;
        std::string current, before;  // its profile as last reported, and when the switch was answered
        Clock::time_point asked_at{};
        int switches = 0;
        bool asked = false;       // the switch was sent; profiles reported after it are the device's answer
        bool on_it = false;       // last reported on pro-audio
        bool left_alone = false;  // moved off it by somebody else after kSettle: logged once, kept
    };

    MainLoop& loop_;
    bool pro_audio_;
    pipewire::PipeWireGraph graph_;
    bool watching_ = false;
    bool warned_ = false;
    Clock::time_point next_attempt_;
    std::chrono::milliseconds backoff_ = kFirstRetry;
    std::set<std::string> switched_;             // device names asked for Pro Audio in this connection
    std::map<std::uint32_t, Switched> devices_;  // by PipeWire id, in this connection
    int tick_ = -1;
};

}  // namespace headamp::daemon
