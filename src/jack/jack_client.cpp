// The JACK client: callbacks forward to members (static trampolines); only process() touches audio.
#include "jack/jack_client.hpp"

#include <jack/uuid.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <thread>

#include "core/realtime_scope.hpp"
#include "jack/client_open.hpp"
#include "jack/port_names.hpp"
#include "jack/return_tap.hpp"
#include "jack/station_ports.hpp"
#include "util/log.hpp"

namespace headamp::jack {

JackClient::JackClient(const std::string& client_name, const std::optional<std::string>& server, core::Engine& engine)
    : engine_(engine), server_(server), event_fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    if (!event_fd_.valid()) throw JackError(std::string("eventfd: ") + std::strerror(errno));
    jack_status_t status{};
    client_ = open_client(client_name, server, status);
    if (!client_) {
        throw JackError(log::format("cannot connect to JACK server '", server.value_or("default"), "' (status 0x",
                                    std::hex, static_cast<unsigned>(status), ")"));
    }
    engine_.set_sample_rate(jack_get_sample_rate(client_));
    jack_set_process_callback(client_, &JackClient::process_trampoline, this);
    jack_on_info_shutdown(client_, &JackClient::shutdown_trampoline, this);
    jack_set_xrun_callback(client_, &JackClient::xrun_trampoline, this);
    jack_set_sample_rate_callback(client_, &JackClient::sample_rate_trampoline, this);
    jack_set_port_registration_callback(client_, &JackClient::port_registration_trampoline, this);
    // No latency callback: every output depends on every input and headamp adds no latency, which is what
    // both libjacks do by default (each side gets the span of the other side's latencies). pipewire-jack
    // 0.3.65 also runs a latency callback with its loop unlocked, so a jack_port_set_latency_range() in it
    // marshals on the connection at the same time as the main thread's jack_connect(): libpipewire aborts.
    if (jack_activate(client_) != 0) {
        jack_client_close(client_);
        throw JackError("cannot activate the JACK client");
    }
}

JackClient::~JackClient() {
    // After a server shutdown deactivate fails harmlessly; close always releases the handle.
    if (!shutdown_.load()) jack_deactivate(client_);
    jack_client_close(client_);
    engine_.reclaim_stopped();
}

int JackClient::process_trampoline(jack_nframes_t nframes, void* self) {
    return static_cast<JackClient*>(self)->process(nframes);
}

int JackClient::process(jack_nframes_t nframes) noexcept {
    core::RealtimeScope realtime;
    // Only the slots up to the last one with a port: a daemon with 8 sources walks 8, not 256.
    const std::size_t input_span = input_span_.load(std::memory_order_acquire);
    std::optional<jack_nframes_t> previous;  // where the period before this one began
    for (std::size_t c = 0; c < input_span; ++c) {
        if (core::ReturnRing* ring = returns_[c].load(std::memory_order_acquire)) {
            if (!previous) previous = jack_last_frame_time(client_) - nframes;
            input_buffers_[c] = ring->read(*previous, nframes);
            continue;
        }
        jack_port_t* port = inputs_[c].load(std::memory_order_acquire);
        input_buffers_[c] = port ? static_cast<const float*>(jack_port_get_buffer(port, nframes)) : nullptr;
    }
    const std::size_t output_span = output_span_.load(std::memory_order_acquire);
    for (std::size_t o = 0; o < output_span; ++o) {
        jack_port_t* port = outputs_[o].load(std::memory_order_acquire);
        float* buffer = port ? static_cast<float*>(jack_port_get_buffer(port, nframes)) : nullptr;
        // A port the engine does not (yet) feed must still carry silence, not last cycle's memory.
        if (buffer) std::memset(buffer, 0, nframes * sizeof(float));
        output_buffers_[o] = buffer;
    }
    // Slots given up since the last cycle: no stale buffer of a freed port reaches the engine.
    for (std::size_t c = input_span; c < seen_input_span_; ++c) input_buffers_[c] = nullptr;
    for (std::size_t o = output_span; o < seen_output_span_; ++o) output_buffers_[o] = nullptr;
    seen_input_span_ = input_span;
    seen_output_span_ = output_span;
    engine_.process(input_buffers_.data(), output_buffers_.data(), nframes);
    cycles_.fetch_add(1, std::memory_order_release);
    return 0;
}

void JackClient::signal_main_loop() {
    const uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(event_fd_.get(), &one, sizeof one);
}

void JackClient::shutdown_trampoline(jack_status_t, const char* reason, void* self) {
    auto* client = static_cast<JackClient*>(self);
    if (reason) std::strncpy(client->shutdown_reason_.data(), reason, client->shutdown_reason_.size() - 1);
    client->shutdown_.store(true);
    client->signal_main_loop();
}

int JackClient::xrun_trampoline(void* self) {
    auto* client = static_cast<JackClient*>(self);
    client->xruns_.fetch_add(1);
    client->signal_main_loop();
    return 0;
}

int JackClient::sample_rate_trampoline(jack_nframes_t, void* self) {
    auto* client = static_cast<JackClient*>(self);
    client->sample_rate_changed_.store(true);
    client->signal_main_loop();
    return 0;
}

// A port that a binding names may appear later (a device bridge coming up, a client starting).
void JackClient::port_registration_trampoline(jack_port_id_t, int registered, void* self) {
    auto* client = static_cast<JackClient*>(self);
    if (!registered) return;
    client->ports_changed_.store(true);
    client->signal_main_loop();
}

JackEvents JackClient::take_events() {
    uint64_t count;
    [[maybe_unused]] ssize_t n = ::read(event_fd_.get(), &count, sizeof count);
    JackEvents e;
    e.shutdown = shutdown_.load();
    if (e.shutdown) e.shutdown_reason = shutdown_reason_.data();
    e.sample_rate_changed = sample_rate_changed_.exchange(false);
    e.ports_changed = ports_changed_.exchange(false);
    e.xruns = xruns_.exchange(0);
    return e;
}

bool JackClient::wait_for_cycle() const {
    // Two increments: the cycle running now may have loaded the old pointer, the one after cannot.
    const uint64_t start = cycles();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
    while (cycles() < start + 2 && !shutdown_.load()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

jack_port_t* JackClient::register_port(const std::string& short_name, bool input) {
    jack_port_t* port = jack_port_register(client_, short_name.c_str(), JACK_DEFAULT_AUDIO_TYPE,
                                           input ? JackPortIsInput : JackPortIsOutput, 0);
    if (!port) log::error("cannot register JACK port '", short_name, "'");
    return port;
}

std::vector<PortLink> JackClient::apply(const PortPlan& plan) {
    // 1. Take ports that go away (or change direction of use) out of the process callback's view.
    std::vector<jack_port_t*> doomed;
    const auto retire = [&](auto& ports, auto& names, const auto& wanted) {
        for (std::size_t i = 0; i < ports.size(); ++i) {
            if (names[i].empty() || !wanted[i].empty()) continue;
            doomed.push_back(ports[i].exchange(nullptr, std::memory_order_acq_rel));
            names[i].clear();
        }
    };
    retire(inputs_, input_names_, plan.inputs);
    retire(outputs_, output_names_, plan.outputs);
    std::map<std::string, ReturnRoute> routes = return_routes(plan);
    std::vector<ReturnRoute> stale;
    retire_returns(routes, stale);
    if (!doomed.empty() || !stale.empty()) {
        const bool waited = wait_for_cycle();
        for (jack_port_t* port : doomed)
            if (port) jack_port_unregister(client_, port);
        // Closes their taps and frees their rings, unless the callback may still be in a cycle that read them.
        if (!waited)
            for (ReturnRoute& route : stale) retired_.push_back(std::move(route));
        stale.clear();
    }
    // 2. Rename kept ports (connections survive a rename), register new ones.
    const auto settle = [&](auto& ports, auto& names, const auto& wanted, bool input) {
        for (std::size_t i = 0; i < ports.size(); ++i) {
            if (wanted[i].empty() || names[i] == wanted[i]) continue;
            jack_port_t* port = ports[i].load();
            if (port) {
                if (jack_port_rename(client_, port, wanted[i].c_str()) != 0)
                    log::warning("cannot rename JACK port '", names[i], "' to '", wanted[i], "'");
            } else {
                port = register_port(wanted[i], input);
                if (!port) continue;
                ports[i].store(port, std::memory_order_release);
            }
            names[i] = wanted[i];
        }
    };
    settle(inputs_, input_names_, plan.inputs, true);
    settle(outputs_, output_names_, plan.outputs, false);
    // After the ports are in place (a wider span) or gone (a narrower one).
    const auto span = [](const auto& names) {
        std::size_t n = names.size();
        while (n > 0 && names[n - 1].empty()) --n;
        return n;
    };
    input_span_.store(span(input_names_), std::memory_order_release);
    output_span_.store(span(output_names_), std::memory_order_release);
    // 3. Connections (existing ones, and any the user made by hand, are left alone); returns by their taps.
    std::vector<PortLink> failed = settle_returns(routes);
    for (const PortLink& link : plan.links) {
        if (link.input && is_station_return(link.external)) continue;  // settle_returns' own
        jack_port_t* ours = link.input ? inputs_[static_cast<std::size_t>(link.index)].load()
                                       : outputs_[static_cast<std::size_t>(link.index)].load();
        if (!ours) {
            failed.push_back(link);
            continue;
        }
        const char* own = jack_port_name(ours);
        const int rc = link.input ? jack_connect(client_, link.external.c_str(), own)
                                  : jack_connect(client_, own, link.external.c_str());
        if (rc != 0 && rc != EEXIST) failed.push_back(link);
    }
    return failed;
}

std::map<std::string, JackClient::ReturnRoute> JackClient::return_routes(const PortPlan& plan) {
    std::map<std::string, ReturnRoute> routes;
    for (const PortLink& link : plan.links) {
        if (!link.input || plan.inputs[static_cast<std::size_t>(link.index)].empty()) continue;
        if (!is_station_return(link.external)) continue;
        ReturnRoute& route = routes[client_of(link.external)];
        route.slots.push_back(link.index);
        route.externals.push_back(link.external);
    }
    return routes;
}

void JackClient::retire_returns(const std::map<std::string, ReturnRoute>& wanted, std::vector<ReturnRoute>& stale) {
    for (auto it = routes_.begin(); it != routes_.end();) {
        const auto there = wanted.find(it->first);
        // A tap the server closed (it dropped that client alone) is opened again.
        if (there != wanted.end() && there->second.same_as(it->second) && it->second.tap->alive()) {
            ++it;
            continue;
        }
        for (int slot : it->second.slots) returns_[static_cast<std::size_t>(slot)].store(nullptr);
        stale.push_back(std::move(it->second));
        it = routes_.erase(it);
    }
}

std::vector<PortLink> JackClient::settle_returns(std::map<std::string, ReturnRoute>& wanted) {
    std::vector<PortLink> failed;
    const auto fail_all = [&](const ReturnRoute& route) {
        for (std::size_t i = 0; i < route.slots.size(); ++i)
            failed.push_back({true, route.slots[i], route.externals[i]});
    };
    for (auto& [station, route] : wanted) {
        auto it = routes_.find(station);
        if (it == routes_.end()) {
            // Periods up to 4096 frames, or the server's own if longer; a longer one later is silence.
            const std::size_t capacity = std::max<std::size_t>(4096, buffer_size());
            try {
                route.tap = std::make_unique<ReturnTap>(name() + "-" + station, server_, route.slots.size(), capacity);
            } catch (const JackError& e) {
                // Said once; the session tries again when ports change, and names the links it lacks.
                if (tap_error_ != e.what()) log::error("station ", station, "'s return channels: ", e.what());
                tap_error_ = e.what();
                fail_all(route);
                continue;
            }
            for (std::size_t i = 0; i < route.slots.size(); ++i)
                returns_[static_cast<std::size_t>(route.slots[i])].store(route.tap->ring(i), std::memory_order_release);
            it = routes_.emplace(station, std::move(route)).first;
            tap_error_.clear();
        }
        for (std::size_t i : it->second.tap->connect(it->second.externals))
            failed.push_back({true, it->second.slots[i], it->second.externals[i]});
    }
    return failed;
}

std::vector<std::string> JackClient::physical_ports(bool capture) const {
    // A capture port is an output of the physical client (we read from it).
    const unsigned long flags = JackPortIsPhysical | (capture ? JackPortIsOutput : JackPortIsInput);
    return port_names(client_, nullptr, flags);
}

std::vector<std::string> JackClient::ports(PortDirection direction, const std::string& client) const {
    const unsigned long flags = direction == PortDirection::Input    ? JackPortIsInput
                                : direction == PortDirection::Output ? JackPortIsOutput
                                                                     : 0;
    std::vector<std::string> names = port_names(client_, nullptr, flags);
    // A prefix, not a regular expression for jack_get_ports: client names may hold any character.
    const std::string prefix = client + ":";
    if (!client.empty()) std::erase_if(names, [&](const std::string& name) { return name.rfind(prefix, 0) != 0; });
    return names;
}

bool JackClient::port_exists(const std::string& port) const { return jack_port_by_name(client_, port.c_str()); }

bool JackClient::input_linked(const std::string& external, const std::string& ours) const {
    if (!is_station_return(external)) return connected(external, name() + ":" + ours);
    const auto route = routes_.find(client_of(external));
    if (route == routes_.end()) return false;
    const std::vector<std::string>& externals = route->second.externals;
    const auto at = std::find(externals.begin(), externals.end(), external);
    return at != externals.end() && route->second.tap->alive() &&
           route->second.tap->connected(static_cast<std::size_t>(at - externals.begin()), external);
}

bool JackClient::connected(const std::string& port, const std::string& other) const {
    const jack_port_t* p = jack_port_by_name(client_, port.c_str());
    return p && jack_port_connected_to(p, other.c_str());
}

std::vector<std::string> JackClient::aliases(const std::string& port) const {
    const jack_port_t* p = jack_port_by_name(client_, port.c_str());
    if (!p) return {};
    const auto size = static_cast<std::size_t>(jack_port_name_size());
    std::vector<char> first(size), second(size);
    char* buffers[2] = {first.data(), second.data()};
    const int n = jack_port_get_aliases(p, buffers);
    return std::vector<std::string>(buffers, buffers + std::max(n, 0));
}

std::optional<uint64_t> JackClient::port_index(const std::string& port) const {
    const jack_port_t* p = jack_port_by_name(client_, port.c_str());
    if (!p) return std::nullopt;
    const jack_uuid_t uuid = jack_port_uuid(p);
    if (jack_uuid_empty(uuid)) return std::nullopt;
    return jack_uuid_to_index(uuid);
}

std::string JackClient::name() const { return jack_get_client_name(client_); }
uint32_t JackClient::sample_rate() const { return jack_get_sample_rate(client_); }
uint32_t JackClient::buffer_size() const { return jack_get_buffer_size(client_); }

}  // namespace headamp::jack
