// The page's HTTP server (see http_server.hpp).
#include "remote/http_server.hpp"

#include <fcntl.h>
#include <netinet/in.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "remote/page_files.hpp"
#include "remote/websocket_accept.hpp"
#include "util/log.hpp"
#include "util/unique_fd.hpp"

namespace headamp::remote {

namespace {

constexpr unsigned kConnectionTimeoutS = 30;          // an HTTP connection idle this long is closed
constexpr std::size_t kConnectionMemory = 32 * 1024;  // request header and all: ample for a page's GET
constexpr unsigned kMaxConnections = 256;

// Only scripts and styles of the page's own origin; no frames, no forms, no referrer with a token in it.
constexpr const char* kSecurityPolicy =
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

std::string header(MHD_Connection* c, const char* name) {
    const char* v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
    return v ? v : "";
}

bool contains_token(std::string value, std::string_view token) {
    for (char& ch : value) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return value.find(token) != std::string::npos;
}

// headamp binds the socket itself so that a failure says why (MHD's errno is not reliable), and the port
// it got is known.
UniqueFd listening_socket(const IpEndpoint& listen) {
    sockaddr_storage address{};
    const socklen_t length = to_sockaddr(listen, address);
    UniqueFd fd(socket(listen.address.family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd.valid())
        throw std::runtime_error(
            std::string("page socket: ") + std::strerror(errno) +
            (errno == EAFNOSUPPORT ? " (the service's RestrictAddressFamilies=? see headampd(8))" : ""));
    const int on = 1, off = 0;
    setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);  // a restarted daemon gets its port back
    if (listen.address.family == AF_INET6) setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
    if (bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), length) != 0 || ::listen(fd.get(), 64) != 0)
        throw std::runtime_error("cannot serve the page on " + endpoint_text(address) + ": " + std::strerror(errno));
    return fd;
}

int bound_port(int fd) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    return address.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port)
                                         : ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

MHD_Result reply(MHD_Connection* c, unsigned status, std::string_view body, const char* type = "text/plain") {
    MHD_Response* r =
        MHD_create_response_from_buffer(body.size(), const_cast<char*>(body.data()), MHD_RESPMEM_MUST_COPY);
    if (!r) return MHD_NO;
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Content-Security-Policy", kSecurityPolicy);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    const MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

}  // namespace

UpgradedSocket::~UpgradedSocket() {
    MHD_upgrade_action(handle_, MHD_UPGRADE_ACTION_CLOSE);
    if (closed_) closed_();
}

HttpServer::HttpServer(MainLoop& loop, const PageOptions& options, UpgradeHandler on_upgrade)
    : loop_(loop), on_upgrade_(std::move(on_upgrade)) {
    UniqueFd listening = listening_socket(options.listen);
    port_ = bound_port(listening.get());
    daemon_.reset(MHD_start_daemon(MHD_USE_EPOLL | MHD_ALLOW_UPGRADE, 0, nullptr, nullptr, &HttpServer::on_request,
                                   this, MHD_OPTION_LISTEN_SOCKET, listening.get(), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
                                   static_cast<unsigned>(options.max_per_address), MHD_OPTION_CONNECTION_LIMIT,
                                   kMaxConnections, MHD_OPTION_CONNECTION_TIMEOUT, kConnectionTimeoutS,
                                   MHD_OPTION_CONNECTION_MEMORY_LIMIT, kConnectionMemory, MHD_OPTION_END));
    if (!daemon_) throw std::runtime_error("libmicrohttpd could not start on the page's socket");
    listening.release();  // MHD closes it when it stops
    epoll_fd_ = MHD_get_daemon_info(daemon_.get(), MHD_DAEMON_INFO_EPOLL_FD)->epoll_fd;
    loop_.watch(epoll_fd_, [this](short) { run(); });
    tick_ = loop_.add_tick([this](MainLoop::Clock::time_point) { return tick(); });
}

HttpServer::~HttpServer() {
    loop_.remove_tick(tick_);
    loop_.unwatch(epoll_fd_);
}

void HttpServer::run() {
    run_soon_ = false;
    MHD_run(daemon_.get());
}

std::optional<std::chrono::milliseconds> HttpServer::tick() {
    if (run_soon_) run();
    MHD_UNSIGNED_LONG_LONG timeout = 0;
    if (MHD_get_timeout(daemon_.get(), &timeout) != MHD_YES) return std::nullopt;
    if (timeout == 0) run();  // due now: MHD's own deadlines (idle connections) are kept here
    return std::chrono::milliseconds(timeout == 0 ? 1 : timeout);
}

MHD_Result HttpServer::on_request(void* self, MHD_Connection* connection, const char* url, const char* method,
                                  const char*, const char*, size_t* upload_size, void** state) {
    // A request with a body is refused after its first call: the page has nothing to post.
    if (*state == nullptr) {
        *state = self;
        if (*upload_size == 0) return static_cast<HttpServer*>(self)->answer(connection, url, method);
    }
    if (*upload_size != 0) {
        *upload_size = 0;
        return reply(connection, MHD_HTTP_CONTENT_TOO_LARGE, "headamp's page takes no request body\n");
    }
    return static_cast<HttpServer*>(self)->answer(connection, url, method);
}

MHD_Result HttpServer::answer(MHD_Connection* connection, std::string_view url, std::string_view method) {
    if (method != "GET" && method != "HEAD") return reply(connection, MHD_HTTP_METHOD_NOT_ALLOWED, "GET only\n");
    if (url == "/ws") return upgrade(connection);
    for (const PageFile& f : page_files())
        if (f.path == url) return reply(connection, MHD_HTTP_OK, f.body, std::string(f.content_type).c_str());
    return reply(connection, MHD_HTTP_NOT_FOUND, "not found\n");
}

MHD_Result HttpServer::upgrade(MHD_Connection* connection) {
    if (!contains_token(header(connection, "Upgrade"), "websocket") ||
        !contains_token(header(connection, "Connection"), "upgrade"))
        return reply(connection, MHD_HTTP_BAD_REQUEST, "a WebSocket upgrade is expected here\n");
    if (header(connection, "Sec-WebSocket-Version") != "13")
        return reply(connection, MHD_HTTP_UPGRADE_REQUIRED, "WebSocket version 13 only\n");
    // Another site's page in the musician's browser must not reach the daemon through it.
    const std::string origin = header(connection, "Origin");
    const std::string host = header(connection, "Host");
    if (host.empty() || origin != "http://" + host) {
        log::warning("page: refused a WebSocket from origin '", origin, "' for host '", host, "'");
        return reply(connection, MHD_HTTP_FORBIDDEN, "the WebSocket's Origin is not this page\n");
    }
    const std::optional<std::string> accept = websocket_accept(header(connection, "Sec-WebSocket-Key"));
    if (!accept) return reply(connection, MHD_HTTP_BAD_REQUEST, "bad Sec-WebSocket-Key\n");
    MHD_Response* r = MHD_create_response_for_upgrade(&HttpServer::on_upgraded, this);
    if (!r) return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_UPGRADE, "websocket");
    MHD_add_response_header(r, "Sec-WebSocket-Accept", accept->c_str());
    const MHD_Result ok = MHD_queue_response(connection, MHD_HTTP_SWITCHING_PROTOCOLS, r);
    MHD_destroy_response(r);
    return ok;
}

void HttpServer::on_upgraded(void* self, MHD_Connection*, void*, const char* extra_in, size_t extra_in_size,
                             MHD_socket sock, MHD_UpgradeResponseHandle* handle) {
    auto* server = static_cast<HttpServer*>(self);
    const int flags = fcntl(sock, F_GETFL);
    if (flags >= 0) fcntl(sock, F_SETFL, flags | O_NONBLOCK);
    server->on_upgrade_(std::make_unique<UpgradedSocket>(handle, sock, std::string(extra_in, extra_in_size),
                                                         [server] { server->run_soon_ = true; }));
}

}  // namespace headamp::remote
