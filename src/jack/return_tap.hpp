// A return tap: a JACK client of its own, one per station, that copies the station's return channels
// (its proxy's from_slave ports) into return rings, which headamp's main client reads one period later.
//
// Why a client of its own: JACK runs a client that reads a port after that port's owner, and a
// NetJACK2 proxy whose station was pulled off the network holds its cycle until its receive times
// out. Read by the main client, such a port held every mix, and every other station heard periods
// skipped (252 of 780 blocks off in tests/stations, against 1 without it). Only the tap waits for its
// station; the main client never does, and hears silence for the periods the station did not deliver.
#pragma once

#include <jack/jack.h>

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/return_ring.hpp"

namespace headamp::jack {

class ReturnTap {
public:
    // Opens client `name` on `server` (never starts one) with `channels` input ports (return_1, ...),
    // each into a ring of `capacity` frames, and activates it. Throws JackError.
    ReturnTap(const std::string& name, const std::optional<std::string>& server, std::size_t channels,
              std::size_t capacity);
    ~ReturnTap();
    ReturnTap(const ReturnTap&) = delete;
    ReturnTap& operator=(const ReturnTap&) = delete;

    // The ring that channel i (0-based) goes into; the main client's process callback reads it.
    core::ReturnRing* ring(std::size_t i) const { return rings_[i].get(); }

    // Connects channel i to externals[i] (a full port name) unless it already is; the indexes of
    // those that could not be connected (the port is not there yet).
    std::vector<std::size_t> connect(const std::vector<std::string>& externals);
    // Whether channel i reads `external` now.
    bool connected(std::size_t i, const std::string& external) const;
    // False once the server has closed the client (it went away, or dropped the tap alone).
    bool alive() const { return !shutdown_.load(); }

private:
    static int process_trampoline(jack_nframes_t nframes, void* self);
    static void shutdown_trampoline(jack_status_t code, const char* reason, void* self);
    int process(jack_nframes_t nframes) noexcept;

    std::vector<std::unique_ptr<core::ReturnRing>> rings_;  // outlive the client, which writes them
    jack_client_t* client_ = nullptr;
    std::vector<jack_port_t*> ports_;
    std::atomic<bool> shutdown_{false};  // the server went away: nothing to deactivate
};

}  // namespace headamp::jack
