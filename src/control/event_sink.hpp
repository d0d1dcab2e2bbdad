// Where the daemon's parts say what changed, for the control socket's subscribers: ControlService is the
// real one (it turns each into the socket's event); NoEvents drops them.
#pragma once

#include <string>

#include "control/records.hpp"

namespace headamp::control {

class EventSink {
public:
    virtual ~EventSink() = default;
    // A device arrived (action "added", once patched) or left ("removed").
    virtual void device_changed(const std::string& action, const DeviceRecord& device) = 0;
    // A hardware control of a device changed (through headamp or elsewhere).
    virtual void control_changed(const std::string& identity, const ControlRecord& control) = 0;
    // The state (graph, bindings, masters as heard) changed; `change` says what, for people.
    virtual void state_changed(const std::string& change) = 0;
};

class NoEvents final : public EventSink {
public:
    void device_changed(const std::string&, const DeviceRecord&) override {}
    void control_changed(const std::string&, const ControlRecord&) override {}
    void state_changed(const std::string&) override {}
};

}  // namespace headamp::control
