// Fuzz target: what a phone sends over its WebSocket, as PageSession takes it (a hello with a token, then
// requests) and the one RequestHandler runs it, over an in-memory graph. Whatever arrives: every message
// sent back is one JSON object; a view link changes nothing; a mix link changes only its own mix; every
// graph that is taken compiles to finite gains. Input: a byte for the link (view, mix or admin, and
// whether the hello is left to the input), then the messages, one per line.
#include "fuzz_target.hpp"

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "control/request_handler.hpp"
#include "core/engine.hpp"
#include "graph_checks.hpp"
#include "remote/page_session.hpp"

using namespace headamp;
using nlohmann::json;

namespace {

// The daemon's graph without a JACK session: validated as the engine would, then kept.
class MemoryStore final : public control::GraphStore {
public:
    core::Graph graph_;
    jack::PortBindings bindings_;

    const core::Graph& graph() const override { return graph_; }
    const jack::PortBindings& bindings() const override { return bindings_; }
    std::optional<std::string> set_graph(const core::Graph& graph) override {
        if (auto error = core::validate(graph)) return error;
        fuzz::check_graph_compiles(graph);
        graph_ = graph;
        return std::nullopt;
    }
    void set_bindings(const jack::PortBindings& bindings) override { bindings_ = bindings; }
    control::JackInfo jack() const override {
        control::JackInfo info;
        info.connected = true;
        info.client = "headamp";
        info.sample_rate = 48000;
        info.buffer_size = 128;
        return info;
    }
    std::vector<std::string> playback_ports(const std::string& client) const override {
        if (client != "system") return {};
        return {"system:playback_1", "system:playback_2", "system:playback_3", "system:playback_4"};
    }
};

class CountingEvents final : public control::EventSink {
public:
    int changes = 0;
    void device_changed(const std::string&, const control::DeviceRecord&) override { ++changes; }
    void control_changed(const std::string&, const control::ControlRecord&) override { ++changes; }
    void state_changed(const std::string&) override { ++changes; }
};

// Two sources (one a linked pair), the musician's mix "vox" and somebody else's "cue".
core::Graph band() {
    core::Graph g;
    g.sources = {{"voice", {0, -1}}, {"keys", {1, 2}}};
    for (const char* name : {"vox", "cue"}) {
        core::Mix m;
        m.name = name;
        m.slot = static_cast<int>(g.mixes.size());
        g.mixes.push_back(m);
    }
    return g;
}

const std::filesystem::path& snapshot_dir() {
    static const std::filesystem::path dir = [] {
        char path[] = "/tmp/headamp-fuzz-page-XXXXXX";
        return std::filesystem::path(::mkdtemp(path) ? path : "/tmp");
    }();
    return dir;
}

std::optional<remote::AccessScope> scope_of(std::string_view token) {
    if (token == "view-token") return remote::AccessScope{remote::AccessLevel::view, ""};
    if (token == "mix-token") return remote::AccessScope{remote::AccessLevel::mix, "vox"};
    if (token == "admin-token") return remote::AccessScope{remote::AccessLevel::admin, ""};
    return std::nullopt;
}

const core::Mix* find_mix(const core::Graph& g, const std::string& name) {
    for (const core::Mix& m : g.mixes)
        if (m.name == name) return &m;
    return nullptr;
}

// What the connection's scope allows to have changed, given the graph it started from.
void check_scope(const remote::PageSession& session, const core::Graph& before, const MemoryStore& store,
                 const jack::PortBindings& bindings_before, int changes) {
    if (!session.scope() || session.scope()->level == remote::AccessLevel::admin) return;
    const core::Graph& after = store.graph_;
    FUZZ_CHECK(store.bindings_ == bindings_before, "a link that is not the admin's moved an output");
    if (session.scope()->level == remote::AccessLevel::view) {
        FUZZ_CHECK(after == before, "a view link changed the graph");
        FUZZ_CHECK(changes == 0, "a view link's request told of a change");
        return;
    }
    FUZZ_CHECK(after.sources == before.sources, "a mix link changed the sources");
    FUZZ_CHECK(after.mixes.size() == before.mixes.size(), "a mix link added or removed a mix");
    for (const core::Mix& m : before.mixes) {
        const core::Mix* now = find_mix(after, m.name);
        FUZZ_CHECK(now, "a mix link renamed mix " + m.name);
        if (m.name != "vox") FUZZ_CHECK(*now == m, "a mix link for 'vox' changed mix " + m.name);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::FuzzInput in(data, size);
    const std::uint8_t link = in.byte();
    MemoryStore store;
    store.graph_ = band();
    store.bindings_.mixes["vox"] = {"system:playback_1", "system:playback_2"};
    store.bindings_.mixes["cue"] = {"system:playback_3", "system:playback_4"};
    core::Engine engine(48000.0);
    control::NoHardwareMixer hardware;
    control::NoDevices devices;
    CountingEvents events;
    control::RequestHandler handler(store, engine, control::Snapshots(snapshot_dir()),
                                    control::DaemonInfo{"0-fuzz", "/nowhere", std::nullopt},
                                    control::HandlerParts{hardware, devices, events});

    bool closed = false;
    const auto send = [&](const std::string& text) {
        FUZZ_CHECK(!closed, "a message after the connection was closed: " + text);
        const json message = json::parse(text, nullptr, false);
        FUZZ_CHECK(message.is_object(), "a message that is not one JSON object: " + text);
        return true;
    };
    remote::PageSession session(handler, scope_of, send, [&](std::uint16_t, const std::string&) { closed = true; });

    const char* tokens[] = {"view-token", "mix-token", "admin-token"};
    if (!(link & 0x80)) session.on_text(json{{"op", "hello"}, {"token", tokens[(link & 0x7f) % 3]}}.dump());
    const core::Graph before = store.graph_;
    const jack::PortBindings bindings_before = store.bindings_;
    std::string_view rest = in.rest();
    while (!rest.empty() && !closed) {
        const std::size_t end = std::min(rest.find('\n'), rest.size());
        const int changes_before = events.changes;
        const bool had_scope = session.scope().has_value();
        session.on_text(rest.substr(0, end));
        rest.remove_prefix(std::min(end + 1, rest.size()));
        if (!had_scope) continue;  // the hello itself
        check_scope(session, before, store, bindings_before, events.changes - changes_before);
    }
    return 0;
}
