// The phone page in the daemon: the HTTP server headamp.conf's [remote] asks for, one PageSession per
// WebSocket, the control room's events and meters passed to them, and the page's address in status.
// Nothing when [remote] has no listen address, or when it cannot be bound: the music must not stop
// for want of a phone (the log says why).
#pragma once

#include <list>
#include <memory>
#include <optional>
#include <string>

#include "control/control_service.hpp"
#include "remote/http_server.hpp"
#include "remote/page_session.hpp"
#include "remote/websocket.hpp"
#include "util/main_loop.hpp"

namespace headamp::remote {

class PageService {
public:
    PageService(MainLoop& loop, control::ControlService& control, std::optional<PageOptions> options,
                ScopeLookup scopes);
    ~PageService();
    PageService(const PageService&) = delete;
    PageService& operator=(const PageService&) = delete;

    // "http://HOST:PORT/" while the page is served.
    const std::optional<std::string>& address() const { return address_; }

private:
    struct Connection {
        std::unique_ptr<WebSocket> socket;
        std::unique_ptr<PageSession> session;
        bool closed = false;
    };

    void accept(std::unique_ptr<UpgradedSocket> socket);
    void on_event(const nlohmann::json& event);
    std::optional<std::chrono::milliseconds> tick(MainLoop::Clock::time_point now);

    MainLoop& loop_;
    control::ControlService& control_;
    ScopeLookup scopes_;
    std::optional<std::string> address_;
    std::unique_ptr<HttpServer> server_;
    std::list<Connection> connections_;  // after server_: destroyed first, closed through MHD while it runs
    int listener_ = -1;
    int tick_ = -1;
};

// The address a phone reaches `listen` by: the address itself, or for a wildcard one (0.0.0.0, ::)
// the machine's first non-loopback address (IPv4 first); "http://HOST:PORT/".
std::string page_address(const IpEndpoint& listen, int port);

}  // namespace headamp::remote
