// The OSC server (see osc_server.hpp).
#include "remote/osc_server.hpp"

#include <netinet/in.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "control/records_json.hpp"
#include "control/request.hpp"
#include "remote/osc_address.hpp"
#include "remote/osc_encode.hpp"
#include "remote/osc_packet.hpp"
#include "util/log.hpp"

namespace headamp::remote {

using nlohmann::json;
using Clock = MainLoop::Clock;

namespace {

constexpr std::size_t kMaxDatagram = 65536;
constexpr int kDatagramsPerWake = 64;  // so that a flood cannot keep the loop from everything else

UniqueFd bound_socket(const std::string& listen, int port) {
    const std::optional<IpNetwork> address = parse_ip_address(listen);
    if (!address) throw std::runtime_error("OSC listen address '" + listen + "' is not an IP address");
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (address->family == AF_INET) {
        auto* in = reinterpret_cast<sockaddr_in*>(&storage);
        in->sin_family = AF_INET;
        in->sin_port = htons(static_cast<std::uint16_t>(port));
        std::memcpy(&in->sin_addr, address->bytes.data(), 4);
        length = sizeof(sockaddr_in);
    } else {
        auto* in6 = reinterpret_cast<sockaddr_in6*>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(static_cast<std::uint16_t>(port));
        std::memcpy(&in6->sin6_addr, address->bytes.data(), 16);
        length = sizeof(sockaddr_in6);
    }
    UniqueFd fd(socket(address->family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd.valid())
        throw std::runtime_error(
            std::string("OSC socket: ") + std::strerror(errno) +
            (errno == EAFNOSUPPORT ? " (the service's RestrictAddressFamilies=? see headamp-osc(7))" : ""));
    if (address->family == AF_INET6) {
        const int off = 0;  // "::" takes IPv4 senders too
        setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
    }
    if (bind(fd.get(), reinterpret_cast<sockaddr*>(&storage), length) != 0)
        throw std::runtime_error("cannot bind the OSC port " + listen + ":" + std::to_string(port) + ": " +
                                 std::strerror(errno));
    return fd;
}

}  // namespace

OscServer::OscServer(MainLoop& loop, control::RequestHandler& handler, OscOptions options)
    : loop_(loop), handler_(handler), options_(std::move(options)) {
    fd_ = bound_socket(options_.listen, options_.port);
    for (const char* loopback : {"127.0.0.1", "::1"}) options_.allow.push_back(*parse_ip_address(loopback));
    buffer_.resize(kMaxDatagram);
    loop_.watch(fd_.get(), [this](short) { on_readable(); });
    tick_ = loop_.add_tick([this](Clock::time_point now) { return tick(now); });
    log::info("OSC on ", options_.listen, ":", options_.port, " (udp)");
}

OscServer::~OscServer() {
    loop_.remove_tick(tick_);
    loop_.unwatch(fd_.get());
}

bool OscServer::allowed(const sockaddr_storage& address) const {
    return std::any_of(options_.allow.begin(), options_.allow.end(),
                       [&](const IpNetwork& n) { return network_contains(n, address); });
}

void OscServer::on_readable() {
    for (int i = 0; i < kDatagramsPerWake; ++i) {
        Peer from;
        from.length = sizeof from.address;
        const ssize_t n = recvfrom(fd_.get(), buffer_.data(), buffer_.size(), MSG_TRUNC,
                                   reinterpret_cast<sockaddr*>(&from.address), &from.length);
        if (n < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                log::warning("OSC receive: ", std::strerror(errno));
            return;
        }
        if (!allowed(from.address)) {
            refusals_.warning("osc: dropped a packet from " + endpoint_text(from.address) +
                              ": not loopback and not in [osc] allow");
            continue;
        }
        try {
            if (static_cast<std::size_t>(n) > buffer_.size())
                refuse(from, "a packet larger than " + std::to_string(buffer_.size()) + " bytes");
            else
                handle_datagram(from, buffer_.data(), static_cast<std::size_t>(n));
        } catch (const std::exception& e) {
            // A bug must cost one packet, not the daemon and everyone's headphones.
            log::error("osc: internal error on a packet from ", endpoint_text(from.address), ": ", e.what());
        }
    }
}

void OscServer::handle_datagram(const Peer& from, const std::uint8_t* data, std::size_t size) {
    const OscPacket packet = parse_osc_packet(data, size);
    if (packet.error) return refuse(from, "malformed packet: " + *packet.error);
    for (const OscMessage& m : packet.messages) handle_message(from, m);
}

void OscServer::handle_message(const Peer& from, const OscMessage& m) {
    OscAction action;
    try {
        action = translate(m);
    } catch (const OscError& e) {
        return refuse(from, e.what());
    }
    control::Subscription scratch;
    switch (action.kind) {
        case OscAction::Kind::Change: {
            const json answer = handler_.handle(action.request, scratch);
            if (answer.contains("error")) refuse(from, m.address + ": " + answer["error"].get<std::string>());
            return;
        }
        case OscAction::Kind::Query: try { send(from, {osc_query(state(), action.target, m.address)});
            } catch (const control::RequestError& e) {
                refuse(from, m.address + ": " + e.what());
            }
            return;
        case OscAction::Kind::Subscribe: return subscribe(from, action.request);
        case OscAction::Kind::Unsubscribe:
            if (subscribers_.erase(endpoint_text(from.address)))
                log::info("osc: ", endpoint_text(from.address), " unsubscribed");
            return;
    }
}

void OscServer::subscribe(const Peer& from, const json& request) {
    const std::string key = endpoint_text(from.address);
    const auto it = subscribers_.find(key);
    const bool fresh = it == subscribers_.end();
    if (fresh && subscribers_.size() >= kMaxOscSubscribers)
        return refuse(from, "/subscribe: already " + std::to_string(kMaxOscSubscribers) + " subscribers");
    Subscriber s = fresh ? Subscriber{from, {}, {}} : it->second;
    const json answer = handler_.handle(request, s.subscription);
    if (answer.contains("error")) return refuse(from, "/subscribe: " + answer["error"].get<std::string>());
    s.expires = Clock::now() + kOscSubscriptionLifetime;
    subscribers_[key] = s;
    if (!fresh) return;
    log::info("osc: ", key, " subscribed (meters ", s.subscription.meters_hz, " Hz)");
    std::vector<OscOut> view = osc_view(state());
    send(from, view);
    last_view_ = std::move(view);
}

void OscServer::on_event(const json& event) {
    if (subscribers_.empty() || event.value("event", "") != "state") return;
    try {
        std::vector<OscOut> view = osc_view(event.get<control::GraphRecord>());
        std::map<std::string, const OscOut*> before;
        for (const OscOut& o : last_view_) before[o.address] = &o;
        std::vector<OscOut> changed;
        for (const OscOut& o : view)
            if (const auto b = before.find(o.address); b == before.end() || !(*b->second == o)) changed.push_back(o);
        last_view_ = std::move(view);
        if (changed.empty()) return;
        for (const auto& [key, s] : subscribers_) send(s.peer, changed);
    } catch (const std::exception& e) {
        log::error("osc: internal error on a state event: ", e.what());
    }
}

std::optional<std::chrono::milliseconds> OscServer::tick(Clock::time_point now) {
    for (auto it = subscribers_.begin(); it != subscribers_.end();) {
        if (it->second.expires > now) {
            ++it;
            continue;
        }
        log::info("osc: ", it->first, " did not renew /subscribe; it gets nothing more");
        it = subscribers_.erase(it);
    }
    if (subscribers_.empty()) last_view_.clear();
    std::optional<std::chrono::milliseconds> next;
    const auto wake = [&](Clock::time_point when) {
        const auto wait = std::chrono::ceil<std::chrono::milliseconds>(when - now);
        next = next ? std::min(*next, wait) : wait;
    };
    std::optional<std::vector<OscOut>> meters;
    for (auto& [key, s] : subscribers_) {
        wake(s.expires);
        control::Subscription& sub = s.subscription;
        if (sub.meters_hz <= 0.0) continue;
        if (now >= sub.next_meters) {
            control::Subscription scratch;
            if (!meters) meters = osc_meters(handler_.handle({{"op", "meters"}}, scratch).get<control::MetersRecord>());
            send(s.peer, *meters);
            const auto period =
                std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / sub.meters_hz));
            sub.next_meters = std::max(sub.next_meters + period, now);
        }
        wake(sub.next_meters);
    }
    return next;
}

control::GraphRecord OscServer::state() {
    control::Subscription scratch;
    return handler_.handle({{"op", "status"}}, scratch).get<control::GraphRecord>();
}

void OscServer::refuse(const Peer& from, const std::string& why) {
    refusals_.warning("osc: refused a message from " + endpoint_text(from.address) + ": " + why);
    send(from, {{"/error", {why}}});
}

void OscServer::send(const Peer& to, const std::vector<OscOut>& messages) {
    for (const std::string& d : osc_datagrams(messages)) {
        const ssize_t n = sendto(fd_.get(), d.data(), d.size(), MSG_DONTWAIT | MSG_NOSIGNAL,
                                 reinterpret_cast<const sockaddr*>(&to.address), to.length);
        // A full socket buffer loses this datagram, as UDP may anyway; the next values follow.
        if (n < 0) log::debug("osc: send to ", endpoint_text(to.address), ": ", std::strerror(errno));
    }
}

}  // namespace headamp::remote
