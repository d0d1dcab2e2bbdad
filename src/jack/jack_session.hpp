// Keeps headamp in the JACK graph: connects, applies the patch, and reconnects with backoff when the
// server goes away, rebuilding ports and connections when it is back.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/engine.hpp"
#include "jack/alsa_alias_finder.hpp"
#include "jack/audio_stack.hpp"
#include "jack/card_port_finder.hpp"
#include "jack/jack_client.hpp"
#include "jack/port_plan.hpp"

namespace headamp::jack {

struct SessionOptions {
    std::string client_name = "headamp";
    std::optional<std::string> server;  // nothing: $JACK_DEFAULT_SERVER or JACK's default
    bool connect_physical = true;
};

class JackSession {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds kFirstRetry{250};
    static constexpr std::chrono::milliseconds kLongestRetry{5000};
    static constexpr std::chrono::seconds kStartingServer{15};

    // card_port_finder: how the audio stack tells which ports are a card's (JACK2: ALSA port aliases).
    JackSession(SessionOptions options, core::Engine& engine, core::Graph graph, PortBindings bindings,
                std::unique_ptr<const CardPortFinder> card_port_finder = std::make_unique<AlsaAliasFinder>());
    ~JackSession();

    // Main loop: poll fd() (if >= 0) for reading and wake up after timeout() at the latest.
    int fd() const { return client_ ? client_->event_fd() : -1; }
    int timeout_ms(Clock::time_point now) const;
    void on_readable();
    void on_timeout(Clock::time_point now);

    bool connected() const { return client_ != nullptr; }
    // When not connected: one attempt now, outside the backoff (is a server there?). Returns connected().
    bool connect_now();
    // Leaves the server now (closing the client while the server still answers), then reconnects
    // like after a server shutdown. For a server that headamp is about to stop.
    void release(const std::string& why);
    // The server is known to be gone (PipeWire went away, seen on headamp's own PipeWire connection): the
    // client is dropped, and reconnects like after a server shutdown.
    void server_gone(const std::string& why);
    // While not connected: retry every kFirstRetry for kStartingServer (a server is being started and
    // will be there in a few seconds), then back off again.
    void retry_soon();
    JackClient* client() const { return client_.get(); }
    const core::Graph& graph() const { return graph_; }
    const PortBindings& bindings() const { return bindings_; }
    uint64_t xruns() const { return xruns_; }
    // JACK2 or PipeWire: whose libjack this process runs on (known without a server).
    const AudioStack& stack() const { return stack_; }

    // Changes the graph (validated; on error nothing changes) and re-patches.
    std::optional<std::string> set_graph(core::Graph graph);
    void set_bindings(PortBindings bindings);
    // Makes the connections of the graph and bindings again, e.g. once ports that they name are back.
    void repatch();

    // The ports of a card's channels in the graph now (see CardPortFinder); empty while not connected.
    CardPorts card_ports(int card_number, const std::string& card_id) const;

    // Called after every (re)connection and disconnection.
    std::function<void(bool connected)> on_connection_change;

private:
    void try_connect();
    void disconnect(const std::string& why);
    // Closes the client and schedules the first reconnection attempt (disconnect(), release(), server_gone()).
    // `server_gone`: the client's server is no longer there; on a libjack that cannot close such a client
    // (closes_dead_clients_safely) it is kept, never closed, for as long as the process runs.
    void drop_client(bool server_gone);
    void patch();

    SessionOptions options_;
    core::Engine& engine_;
    core::Graph graph_;
    PortBindings bindings_;
    std::unique_ptr<const CardPortFinder> card_port_finder_;
    std::unique_ptr<JackClient> client_;
    Clock::time_point next_attempt_;
    std::chrono::milliseconds backoff_ = kFirstRetry;
    Clock::time_point fast_retry_until_{};
    bool warned_ = false;
    std::vector<PortLink> failed_links_;  // reported once, retried whenever ports appear
    uint64_t xruns_ = 0;
    AudioStack stack_ = detect_audio_stack();
};

}  // namespace headamp::jack
