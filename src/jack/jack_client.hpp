// headamp's JACK client: owns the jack_client_t and its ports, runs the engine in the process callback.
#pragma once

#include <jack/jack.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/engine.hpp"
#include "core/return_ring.hpp"
#include "jack/port_plan.hpp"
#include "util/unique_fd.hpp"

namespace headamp::jack {

class JackError : public std::runtime_error {
public:
    using runtime_error::runtime_error;
};

class ReturnTap;

// JACK's sense of a port's direction: an input port takes audio in (a playback port of a device, one
// of our mix outputs writes to it); an output port gives audio out (a capture port, read by a source).
enum class PortDirection { Any, Input, Output };

// What JACK told the client since the last take_events(), gathered for the main loop.
struct JackEvents {
    bool shutdown = false;
    bool sample_rate_changed = false;
    bool ports_changed = false;  // some client registered or unregistered a port
    uint32_t xruns = 0;
    std::string shutdown_reason;
};

class JackClient {
public:
    // Opens a client (never starts a server), registers callbacks and activates it.
    // server: JACK server name, or nothing for $JACK_DEFAULT_SERVER / JACK's default. Throws JackError.
    JackClient(const std::string& client_name, const std::optional<std::string>& server, core::Engine& engine);
    ~JackClient();
    JackClient(const JackClient&) = delete;
    JackClient& operator=(const JackClient&) = delete;

    // Readable when take_events() has something; the callbacks only write to it, the main loop acts.
    int event_fd() const { return event_fd_.get(); }
    JackEvents take_events();

    // Registers, renames and unregisters ports to match the plan and makes its connections.
    // Ports leave the process callback's view before they are unregistered. Returns the links
    // that could not be made (e.g. the other port does not exist), for the caller to report.
    // A station's return channel (is_station_return) is not connected to our port: a return tap
    // per station reads it, and the process callback takes it from there one period later.
    std::vector<PortLink> apply(const PortPlan& plan);

    // Full names of the physical ports: capture (which we read from) or playback (which we write to).
    std::vector<std::string> physical_ports(bool capture) const;

    // The graph as it is now, for the main loop. Full names of the audio ports in JACK's order: every
    // client's, or only those of `client` ("system", a bridge's name).
    std::vector<std::string> ports(PortDirection direction, const std::string& client = {}) const;
    bool port_exists(const std::string& port) const;
    // Whether the two ports (full names) are connected to each other; false when either is not there.
    bool connected(const std::string& port, const std::string& other) const;
    // Whether our input port `ours` (short name) reads `external` now: through its connection, or for a
    // station's return channel, through that station's return tap.
    bool input_linked(const std::string& external, const std::string& ours) const;
    // A port's aliases (JACK2's ALSA driver names the card and channel there); none when it is not there.
    std::vector<std::string> aliases(const std::string& port) const;
    // The index part of a port's uuid: under PipeWire, the port's object.serial. Nothing when it is not there.
    std::optional<uint64_t> port_index(const std::string& port) const;

    std::string name() const;
    // The libjack handle, for jack/'s own helpers that ask the server for more (netmanager.cpp).
    jack_client_t* handle() const { return client_; }
    uint32_t sample_rate() const;
    uint32_t buffer_size() const;
    uint64_t cycles() const { return cycles_.load(std::memory_order_acquire); }

private:
    static int process_trampoline(jack_nframes_t nframes, void* self);
    static void shutdown_trampoline(jack_status_t code, const char* reason, void* self);
    static int xrun_trampoline(void* self);
    static int sample_rate_trampoline(jack_nframes_t rate, void* self);
    static void port_registration_trampoline(jack_port_id_t port, int registered, void* self);

    int process(jack_nframes_t nframes) noexcept;
    void signal_main_loop();
    // Waits until the process callback has finished a cycle that began after this call; false when it
    // gave up (no cycle ran for 500 ms: the server stalled or dropped the client).
    bool wait_for_cycle() const;
    jack_port_t* register_port(const std::string& short_name, bool input);

    // The stations' return channels that the plan reads, by station client, in slot order.
    struct ReturnRoute {
        std::vector<int> slots;
        std::vector<std::string> externals;
        std::unique_ptr<ReturnTap> tap;
        bool same_as(const ReturnRoute& other) const { return slots == other.slots && externals == other.externals; }
    };
    static std::map<std::string, ReturnRoute> return_routes(const PortPlan& plan);
    // Takes the routes that change out of the process callback's view (a cycle is waited for by the
    // caller before they are freed); `stale` gets them.
    void retire_returns(const std::map<std::string, ReturnRoute>& wanted, std::vector<ReturnRoute>& stale);
    // Opens the taps of new routes, publishes their rings, connects them; returns the links not made.
    std::vector<PortLink> settle_returns(std::map<std::string, ReturnRoute>& wanted);

    core::Engine& engine_;
    std::optional<std::string> server_;
    jack_client_t* client_ = nullptr;
    UniqueFd event_fd_;
    std::atomic<bool> shutdown_{false};
    std::atomic<bool> sample_rate_changed_{false};
    std::atomic<bool> ports_changed_{false};
    std::atomic<uint32_t> xruns_{0};
    std::atomic<uint64_t> cycles_{0};
    std::array<char, 256> shutdown_reason_{};

    // Read by the process callback, written by the main loop (a port leaves here before it is freed).
    std::array<std::atomic<jack_port_t*>, core::kMaxChannels> inputs_{};
    std::array<std::atomic<jack_port_t*>, 2 * core::kMaxMixes> outputs_{};
    // The ring a channel slot reads instead of its port: a station's return channel (main loop writes).
    std::array<std::atomic<core::ReturnRing*>, core::kMaxChannels> returns_{};
    // One past the last slot that has a port (main loop writes, process callback reads).
    std::atomic<std::size_t> input_span_{0};
    std::atomic<std::size_t> output_span_{0};
    // Process callback scratch: buffer pointers handed to the engine, and the spans it last walked.
    std::size_t seen_input_span_ = 0;
    std::size_t seen_output_span_ = 0;
    std::array<const float*, core::kMaxChannels> input_buffers_{};
    std::array<float*, 2 * core::kMaxMixes> output_buffers_{};
    // Main loop only: the short names the ports have now.
    std::array<std::string, core::kMaxChannels> input_names_;
    std::array<std::string, 2 * core::kMaxMixes> output_names_;
    std::string tap_error_;                      // the last return tap that could not be opened said why
    std::map<std::string, ReturnRoute> routes_;  // by station client; declared last: closed first
    // Routes taken out of the callback's view when no cycle could be waited for: freed with the client.
    std::vector<ReturnRoute> retired_;
};

}  // namespace headamp::jack
