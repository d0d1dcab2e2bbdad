// The LAN announcement (see announce.hpp), after Avahi's own client-publish-service example: a client
// that may wait for the daemon, one entry group for both services, a new name on a collision.
#include "remote/announce.hpp"

#include <avahi-client/client.h>
#include <avahi-client/publish.h>
#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>

#include <cstdint>

#include "util/log.hpp"

namespace headamp::remote {

void Announcer::ClientFree::operator()(AvahiClient* c) const { avahi_client_free(c); }

Announcer::Announcer(MainLoop& loop) : poll_(loop) {}

Announcer::~Announcer() = default;  // the client frees its entry group and hands back every watch

void Announcer::set_http_port(std::optional<int> port) {
    if (port == http_port_) return;
    http_port_ = port;
    update();
}

void Announcer::set_osc_port(std::optional<int> port) {
    if (port == osc_port_) return;
    osc_port_ = port;
    update();
}

void Announcer::update() {
    if (client_) {
        publish(client_.get());
        return;
    }
    if (http_port_ || osc_port_) connect();
}

void Announcer::connect() {
    group_ = nullptr;  // freed with the client it belonged to
    client_.reset();
    int error = 0;
    // NO_FAIL: without an avahi-daemon the client waits for one on the bus instead of failing.
    AvahiClient* c = avahi_client_new(
        poll_.api(), AVAHI_CLIENT_NO_FAIL,
        [](AvahiClient* client, AvahiClientState state, void* self) {
            on_client(client, static_cast<int>(state), self);
        },
        this, &error);
    if (!c) {
        say(std::string("not announced on the LAN (no system D-Bus?): ") + avahi_strerror(error), true);
        return;
    }
    client_.reset(c);
}

void Announcer::on_client(AvahiClient* client, int state, void* self) {
    auto& a = *static_cast<Announcer*>(self);
    switch (static_cast<AvahiClientState>(state)) {
        case AVAHI_CLIENT_S_RUNNING: a.publish(client); break;
        case AVAHI_CLIENT_S_COLLISION:
        case AVAHI_CLIENT_S_REGISTERING:
            if (a.group_) avahi_entry_group_reset(a.group_);
            break;
        case AVAHI_CLIENT_CONNECTING:
            a.say("not announced on the LAN yet: no avahi-daemon on the system bus; waiting for one", true);
            break;
        case AVAHI_CLIENT_FAILURE:
            a.say(std::string("not announced on the LAN: ") + avahi_strerror(avahi_client_errno(client)), true);
            // The avahi-daemon went away: a new client waits for it to come back (as PulseAudio does).
            if (avahi_client_errno(client) == AVAHI_ERR_DISCONNECTED) a.connect();
            break;
    }
}

void Announcer::on_group(AvahiEntryGroup* group, int state, void* self) {
    auto& a = *static_cast<Announcer*>(self);
    switch (static_cast<AvahiEntryGroupState>(state)) {
        case AVAHI_ENTRY_GROUP_ESTABLISHED: a.say("announced on the LAN as '" + a.name_ + "'", false); break;
        case AVAHI_ENTRY_GROUP_COLLISION: {
            char* other = avahi_alternative_service_name(a.name_.c_str());
            a.name_ = other;
            avahi_free(other);
            a.publish(avahi_entry_group_get_client(group));
            break;
        }
        case AVAHI_ENTRY_GROUP_FAILURE:
            a.say(std::string("not announced on the LAN: ") +
                      avahi_strerror(avahi_client_errno(avahi_entry_group_get_client(group))),
                  true);
            break;
        default: break;
    }
}

void Announcer::publish(AvahiClient* client) {
    if (avahi_client_get_state(client) != AVAHI_CLIENT_S_RUNNING) return;  // on_client publishes later
    if (name_.empty()) name_ = std::string("headamp on ") + avahi_client_get_host_name(client);
    if (!group_)
        group_ = avahi_entry_group_new(
            client,
            [](AvahiEntryGroup* group, AvahiEntryGroupState state, void* self) {
                on_group(group, static_cast<int>(state), self);
            },
            this);
    if (!group_) {
        say(std::string("not announced on the LAN: ") + avahi_strerror(avahi_client_errno(client)), true);
        return;
    }
    avahi_entry_group_reset(group_);
    int error = 0;
    const auto add = [&](const char* type, int port) {
        if (!error)
            error = avahi_entry_group_add_service(group_, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC, AvahiPublishFlags(0),
                                                  name_.c_str(), type, nullptr, nullptr,
                                                  static_cast<std::uint16_t>(port), nullptr);
    };
    if (http_port_) add("_http._tcp", *http_port_);
    if (osc_port_) add("_osc._udp", *osc_port_);
    if (!error && !avahi_entry_group_is_empty(group_)) error = avahi_entry_group_commit(group_);
    if (error) say(std::string("not announced on the LAN: ") + avahi_strerror(error), true);
}

void Announcer::say(std::string state, bool problem) {
    if (state == state_) return;  // once, not at every retry
    state_ = std::move(state);
    if (problem)
        log::notice(state_);
    else
        log::info(state_);
}

}  // namespace headamp::remote
