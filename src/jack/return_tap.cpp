// Return tap (see return_tap.hpp): its process callback only copies its ports into their rings.
#include "jack/return_tap.hpp"

#include <cerrno>

#include "core/realtime_scope.hpp"
#include "jack/client_open.hpp"
#include "jack/jack_client.hpp"
#include "util/log.hpp"

namespace headamp::jack {

ReturnTap::ReturnTap(const std::string& name, const std::optional<std::string>& server, std::size_t channels,
                     std::size_t capacity) {
    for (std::size_t i = 0; i < channels; ++i) rings_.push_back(std::make_unique<core::ReturnRing>(capacity));
    jack_status_t status{};
    client_ = open_client(name, server, status);
    if (!client_)
        throw JackError(log::format("cannot open the return tap '", name, "' (status 0x", std::hex,
                                    static_cast<unsigned>(status), ")"));
    for (std::size_t i = 0; i < channels; ++i) {
        const std::string port = "return_" + std::to_string(i + 1);
        jack_port_t* p = jack_port_register(client_, port.c_str(), JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0);
        if (!p) {
            jack_client_close(client_);
            throw JackError("cannot register the return tap's port '" + port + "'");
        }
        ports_.push_back(p);
    }
    jack_set_process_callback(client_, &ReturnTap::process_trampoline, this);
    jack_on_info_shutdown(client_, &ReturnTap::shutdown_trampoline, this);
    if (jack_activate(client_) != 0) {
        jack_client_close(client_);
        throw JackError("cannot activate the return tap '" + name + "'");
    }
}

ReturnTap::~ReturnTap() {
    if (!shutdown_.load()) jack_deactivate(client_);
    jack_client_close(client_);
}

std::vector<std::size_t> ReturnTap::connect(const std::vector<std::string>& externals) {
    std::vector<std::size_t> failed;
    for (std::size_t i = 0; i < externals.size() && i < ports_.size(); ++i) {
        const int rc = jack_connect(client_, externals[i].c_str(), jack_port_name(ports_[i]));
        if (rc != 0 && rc != EEXIST) failed.push_back(i);
    }
    return failed;
}

bool ReturnTap::connected(std::size_t i, const std::string& external) const {
    return i < ports_.size() && jack_port_connected_to(ports_[i], external.c_str());
}

int ReturnTap::process_trampoline(jack_nframes_t nframes, void* self) {
    return static_cast<ReturnTap*>(self)->process(nframes);
}

void ReturnTap::shutdown_trampoline(jack_status_t, const char*, void* self) {
    static_cast<ReturnTap*>(self)->shutdown_.store(true);
}

int ReturnTap::process(jack_nframes_t nframes) noexcept {
    core::RealtimeScope realtime;
    const jack_nframes_t frame = jack_last_frame_time(client_);
    for (std::size_t i = 0; i < ports_.size(); ++i)
        rings_[i]->write(frame, static_cast<const float*>(jack_port_get_buffer(ports_[i], nframes)), nframes);
    return 0;
}

}  // namespace headamp::jack
