// The JackSession as the control room's GraphStore (see session_graph_store.hpp).
#include "control/session_graph_store.hpp"

namespace headamp::control {

JackInfo SessionGraphStore::jack() const {
    JackInfo info;
    info.connected = session_.connected();
    info.xruns = session_.xruns();
    info.stack = jack::to_string(session_.stack().kind);
    info.stack_version = session_.stack().version;
    if (const jack::JackClient* c = session_.client()) {
        info.client = c->name();
        info.sample_rate = c->sample_rate();
        info.buffer_size = c->buffer_size();
    }
    return info;
}

std::vector<std::string> SessionGraphStore::playback_ports(const std::string& client) const {
    if (!session_.client()) return {};
    return session_.client()->ports(jack::PortDirection::Input, client);
}

}  // namespace headamp::control
