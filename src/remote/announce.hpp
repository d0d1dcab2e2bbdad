// Announcing headampd on the LAN through avahi-client (mDNS/DNS-SD): the phone page as _http._tcp and
// OSC as _osc._udp, what phones and TouchOSC browse for. Runs in the one MainLoop (AvahiLoopPoll).
// Nothing breaks without an avahi-daemon or a system bus: it says so once in the log, and announces
// when an avahi-daemon appears later on the bus.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "remote/avahi_poll.hpp"

struct AvahiClient;
struct AvahiEntryGroup;

namespace headamp::remote {

class Announcer {
public:
    explicit Announcer(MainLoop& loop);
    ~Announcer();
    Announcer(const Announcer&) = delete;
    Announcer& operator=(const Announcer&) = delete;

    // What to announce: the page's TCP port while it is served, OSC's UDP port while it listens; nothing
    // takes the service off the LAN. Announced again whenever either changes.
    void set_http_port(std::optional<int> port);
    void set_osc_port(std::optional<int> port);

    // What the announcement is doing, in words ("announced as 'headamp on stage'", "no avahi-daemon ...").
    const std::string& state() const { return state_; }

private:
    struct ClientFree {
        void operator()(AvahiClient* c) const;
    };
    static void on_client(AvahiClient* client, int state, void* self);
    static void on_group(AvahiEntryGroup* group, int state, void* self);
    void update();
    void connect();
    void publish(AvahiClient* client);
    void say(std::string state, bool problem);

    AvahiLoopPoll poll_;
    std::unique_ptr<AvahiClient, ClientFree> client_;
    AvahiEntryGroup* group_ = nullptr;  // freed with the client, or when the services change
    std::string name_;
    std::optional<int> http_port_, osc_port_;
    std::string state_;
};

}  // namespace headamp::remote
