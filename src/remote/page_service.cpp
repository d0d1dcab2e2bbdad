// The phone page wired into the daemon (see page_service.hpp).
#include "remote/page_service.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <cstring>

#include "control/json_text.hpp"
#include "util/log.hpp"

namespace headamp::remote {

namespace {

constexpr std::chrono::milliseconds kBehindRetry{20};

std::string address_text(const IpNetwork& address) {
    char text[INET6_ADDRSTRLEN] = "?";
    inet_ntop(address.family, address.bytes.data(), text, sizeof text);
    return address.family == AF_INET6 ? "[" + std::string(text) + "]" : text;
}

bool is_wildcard(const IpNetwork& address) {
    for (std::size_t i = 0; i < (address.family == AF_INET ? 4u : 16u); ++i)
        if (address.bytes[i] != 0) return false;
    return true;
}

// The machine's first non-loopback address of `family`, if it has one.
std::optional<IpNetwork> interface_address(int family) {
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return std::nullopt;
    const std::unique_ptr<ifaddrs, decltype(&freeifaddrs)> all(list, &freeifaddrs);
    std::optional<IpNetwork> found;
    for (ifaddrs* i = all.get(); i && !found; i = i->ifa_next) {
        if (!i->ifa_addr || i->ifa_addr->sa_family != family) continue;
        IpNetwork n;
        n.family = family;
        if (family == AF_INET) {
            std::memcpy(n.bytes.data(), &reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr, 4);
        } else {
            const in6_addr& a = reinterpret_cast<sockaddr_in6*>(i->ifa_addr)->sin6_addr;
            if (IN6_IS_ADDR_LINKLOCAL(&a)) continue;
            std::memcpy(n.bytes.data(), &a, 16);
        }
        if (!is_loopback(n)) found = n;
    }
    return found;
}

}  // namespace

std::string page_address(const IpEndpoint& listen, int port) {
    IpNetwork host = listen.address;
    if (is_wildcard(host)) {
        auto found = interface_address(AF_INET);
        if (!found && host.family == AF_INET6) found = interface_address(AF_INET6);
        host = found ? *found : *parse_ip_address("127.0.0.1");
    }
    return "http://" + address_text(host) + ":" + std::to_string(port) + "/";
}

PageService::PageService(MainLoop& loop, control::ControlService& control, std::optional<PageOptions> options,
                         ScopeLookup scopes)
    : loop_(loop), control_(control), scopes_(std::move(scopes)) {
    if (!options) return;
    try {
        server_ = std::make_unique<HttpServer>(
            loop, *options, [this](std::unique_ptr<UpgradedSocket> socket) { accept(std::move(socket)); });
    } catch (const std::exception& e) {
        log::error("no phone page: ", e.what(), "; phones cannot reach this daemon");
        return;
    }
    address_ = page_address(options->listen, server_->port());
    listener_ = control_.add_listener([this](const nlohmann::json& event) { on_event(event); });
    tick_ = loop_.add_tick([this](MainLoop::Clock::time_point now) { return tick(now); });
    control_.handler().set_page_address(address_);
    log::info("phone page on ", *address_, " (listening on ", endpoint_text([&] {
                  sockaddr_storage s{};
                  to_sockaddr(options->listen, s);
                  return s;
              }()),
              ")");
}

PageService::~PageService() {
    if (!server_) return;
    control_.handler().set_page_address(std::nullopt);
    control_.remove_listener(listener_);
    loop_.remove_tick(tick_);
    connections_.clear();
}

void PageService::accept(std::unique_ptr<UpgradedSocket> socket) {
    Connection& c = connections_.emplace_back();
    WebSocket::Handlers handlers{[&c](std::string_view text) { c.session->on_text(text); }, [&c] { c.closed = true; }};
    c.socket = std::make_unique<WebSocket>(loop_, std::move(socket), std::move(handlers));
    c.session = std::make_unique<PageSession>(
        control_.handler(), scopes_, [&c](const std::string& text) { return c.socket->send_text(text); },
        [&c](std::uint16_t code, const std::string& reason) { c.socket->close(code, reason); });
}

void PageService::on_event(const nlohmann::json& event) {
    for (Connection& c : connections_)
        if (!c.closed) c.session->on_event(event);
}

std::optional<std::chrono::milliseconds> PageService::tick(MainLoop::Clock::time_point now) {
    // Closed in a WebSocket's own handler: destroyed here, where nothing of it is on the stack.
    connections_.remove_if([](const Connection& c) { return c.closed; });
    std::optional<std::string> meters;
    const auto make_meters = [&]() -> const std::string& {
        if (!meters) meters = control::json_text(control_.handler().meters_event());
        return *meters;
    };
    std::optional<std::chrono::milliseconds> next;
    const auto wake = [&](std::chrono::milliseconds wait) { next = next ? std::min(*next, wait) : wait; };
    for (Connection& c : connections_) {
        wake(c.socket->tick(now));
        if (c.closed) {
            wake(std::chrono::milliseconds(0));
            continue;
        }
        const bool idle = c.socket->idle();
        if (idle) c.session->send_due_meters(now, make_meters);  // a phone that is behind skips a frame
        if (const auto due = c.session->next_meters())
            wake(std::max(std::chrono::ceil<std::chrono::milliseconds>(*due - now),
                          idle ? std::chrono::milliseconds(0) : kBehindRetry));
    }
    return next;
}

}  // namespace headamp::remote
