// The GraphStore of a running headampd: its JackSession.
#pragma once

#include "control/graph_store.hpp"
#include "jack/jack_session.hpp"

namespace headamp::control {

class SessionGraphStore final : public GraphStore {
public:
    explicit SessionGraphStore(jack::JackSession& session) : session_(session) {}

    const core::Graph& graph() const override { return session_.graph(); }
    const jack::PortBindings& bindings() const override { return session_.bindings(); }
    std::optional<std::string> set_graph(const core::Graph& graph) override { return session_.set_graph(graph); }
    void set_bindings(const jack::PortBindings& bindings) override { session_.set_bindings(bindings); }
    JackInfo jack() const override;
    std::vector<std::string> playback_ports(const std::string& client) const override;

private:
    jack::JackSession& session_;
};

}  // namespace headamp::control
