// Connection supervision and patching (see jack_session.hpp).
#include "jack/jack_session.hpp"

#include <algorithm>
#include <memory>
#include <vector>

#include "jack/default_patch.hpp"
#include "util/log.hpp"

namespace headamp::jack {

namespace {
// libjack prints to stderr by itself, many lines per failed connection attempt; what matters is
// reported by the session in its own words, so libjack's messages are kept for --verbose.
void jack_error_to_log(const char* message) { log::debug("libjack: ", message); }
void jack_info_to_log(const char* message) { log::debug("libjack: ", message); }
}  // namespace

JackSession::JackSession(SessionOptions options, core::Engine& engine, core::Graph graph, PortBindings bindings,
                         std::unique_ptr<const CardPortFinder> card_port_finder)
    : options_(std::move(options)),
      engine_(engine),
      graph_(std::move(graph)),
      bindings_(std::move(bindings)),
      card_port_finder_(std::move(card_port_finder)),
      next_attempt_(Clock::now()) {
    jack_set_error_function(&jack_error_to_log);
    jack_set_info_function(&jack_info_to_log);
    if (auto error = engine_.set_graph(graph_)) throw JackError("invalid graph: " + *error);
}

JackSession::~JackSession() = default;

int JackSession::timeout_ms(Clock::time_point now) const {
    if (client_) return -1;
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_attempt_ - now).count();
    return static_cast<int>(std::max<long long>(0, wait));
}

void JackSession::on_timeout(Clock::time_point now) {
    if (!client_ && now >= next_attempt_) try_connect();
    engine_.reclaim();
}

bool JackSession::connect_now() {
    if (!client_) try_connect();
    return connected();
}

void JackSession::retry_soon() {
    // Also while still connected: the old server's shutdown may not have been seen yet.
    backoff_ = kFirstRetry;
    fast_retry_until_ = Clock::now() + kStartingServer;
    next_attempt_ = std::min(next_attempt_, Clock::now() + kFirstRetry);
}

void JackSession::try_connect() {
    try {
        client_ = std::make_unique<JackClient>(options_.client_name, options_.server, engine_);
    } catch (const JackError& e) {
        if (!warned_) log::warning(e.what(), "; retrying until it is there");
        warned_ = true;
        next_attempt_ = Clock::now() + backoff_;
        if (Clock::now() >= fast_retry_until_) backoff_ = std::min(backoff_ * 2, kLongestRetry);
        return;
    }
    warned_ = false;
    backoff_ = kFirstRetry;
    log::notice("connected to JACK as '", client_->name(), "' at ", client_->sample_rate(), " Hz, ",
                client_->buffer_size(), " frames");
    if (options_.connect_physical)
        apply_default_patch(graph_, bindings_, client_->physical_ports(true), client_->physical_ports(false));
    if (auto error = engine_.set_graph(graph_)) log::error("default patch is invalid: ", *error);
    patch();
    if (on_connection_change) on_connection_change(true);
}

void JackSession::disconnect(const std::string& why) {
    log::warning("JACK server went away (", why.empty() ? "no reason given" : why, "); reconnecting");
    drop_client(true);
}

void JackSession::release(const std::string& why) {
    if (!client_) return;
    log::notice("leaving the JACK server (", why, ")");
    // Closed before the server goes: libjack 1.9.21 can crash closing a client of a server that is gone.
    drop_client(false);
}

void JackSession::server_gone(const std::string& why) {
    if (!client_) return;
    log::notice("leaving the JACK server (", why, ")");
    drop_client(true);
}

void JackSession::drop_client(bool server_gone) {
    if (server_gone && client_ && !closes_dead_clients_safely(stack_)) {
        // Reachable from here to the end, so not a leak to LeakSanitizer; its callbacks still find it.
        static auto* const kept = new std::vector<std::unique_ptr<JackClient>>;
        kept->push_back(std::move(client_));
        log::notice(
            "keeping the closed-down JACK client of the server that went away rather than closing it: "
            "pipewire-jack ",
            stack_.version, " would free its ports' buffers twice (", kept->size(), " kept so far)");
    }
    client_.reset();
    failed_links_.clear();
    next_attempt_ = Clock::now() + kFirstRetry;
    backoff_ = kFirstRetry;
    if (on_connection_change) on_connection_change(false);
}

void JackSession::on_readable() {
    if (!client_) return;
    const JackEvents events = client_->take_events();
    xruns_ += events.xruns;
    if (events.shutdown) {
        disconnect(events.shutdown_reason);
        return;
    }
    if (events.sample_rate_changed) engine_.set_sample_rate(client_->sample_rate());
    if (events.ports_changed && !failed_links_.empty()) patch();
    engine_.reclaim();
}

void JackSession::patch() {
    if (!client_) return;
    std::vector<PortLink> failed = client_->apply(plan_ports(graph_, bindings_));
    for (const PortLink& link : failed)
        if (std::find(failed_links_.begin(), failed_links_.end(), link) == failed_links_.end())
            log::warning("cannot connect ", link.input ? "from '" : "to '", link.external,
                         "' yet; will connect when it appears");
    failed_links_ = std::move(failed);
}

std::optional<std::string> JackSession::set_graph(core::Graph graph) {
    if (auto error = engine_.set_graph(graph)) return error;
    graph_ = std::move(graph);
    patch();
    return std::nullopt;
}

void JackSession::set_bindings(PortBindings bindings) {
    bindings_ = std::move(bindings);
    patch();
}

void JackSession::repatch() { patch(); }

CardPorts JackSession::card_ports(int card_number, const std::string& card_id) const {
    if (!client_) return {};
    return card_port_finder_->find(*client_, card_number, card_id);
}

}  // namespace headamp::jack
