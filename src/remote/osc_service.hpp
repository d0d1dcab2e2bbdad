// OSC in the daemon: the server headamp.conf's [osc] asks for, hearing the control room's events, and
// its port in status. Nothing when [osc] has no port, or when the port cannot be bound: the music must
// not stop for want of a control surface (the log says why).
#pragma once

#include <memory>
#include <optional>

#include "control/control_service.hpp"
#include "remote/osc_server.hpp"
#include "util/main_loop.hpp"

namespace headamp::remote {

class OscService {
public:
    OscService(MainLoop& loop, control::ControlService& control, std::optional<OscOptions> options);
    ~OscService();
    OscService(const OscService&) = delete;
    OscService& operator=(const OscService&) = delete;

private:
    control::ControlService& control_;
    std::unique_ptr<OscServer> server_;
    int listener_ = -1;
};

}  // namespace headamp::remote
