// OSC wired into the daemon (see osc_service.hpp).
#include "remote/osc_service.hpp"

#include "util/log.hpp"

namespace headamp::remote {

OscService::OscService(MainLoop& loop, control::ControlService& control, std::optional<OscOptions> options)
    : control_(control) {
    if (!options) return;
    try {
        server_ = std::make_unique<OscServer>(loop, control.handler(), std::move(*options));
    } catch (const std::exception& e) {
        log::error("no OSC: ", e.what(), "; control surfaces cannot reach this daemon");
        return;
    }
    listener_ = control_.add_listener([this](const nlohmann::json& event) { server_->on_event(event); });
    control_.handler().set_osc_port(server_->port());
}

OscService::~OscService() {
    if (listener_ < 0) return;
    control_.remove_listener(listener_);
    control_.handler().set_osc_port(std::nullopt);
}

}  // namespace headamp::remote
