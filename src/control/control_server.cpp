// The control socket server (see control_server.hpp).
#include "control/control_server.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "control/json_text.hpp"
#include "util/log.hpp"

namespace headamp::control {

using nlohmann::json;

std::string to_line(const json& message) { return json_text(message) + "\n"; }

namespace {

sockaddr_un address_of(const std::filesystem::path& path) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.native().size() >= sizeof addr.sun_path)
        throw std::runtime_error("control socket path is too long: " + path.string());
    std::memcpy(addr.sun_path, path.c_str(), path.native().size() + 1);
    return addr;
}

// True when a daemon accepts connections on the socket at `path` now.
bool someone_listens(const std::filesystem::path& path) {
    UniqueFd fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un addr = address_of(path);
    return connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
}

void prepare_directory(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::exists(dir, ec)) {
        std::filesystem::create_directories(dir, ec);
        if (ec) throw std::runtime_error("cannot create " + dir.string() + ": " + ec.message());
        // Only the user may reach the socket: the directory is the first fence, SO_PEERCRED the second.
        if (chmod(dir.c_str(), 0700) != 0)
            throw std::runtime_error("cannot chmod " + dir.string() + ": " + std::strerror(errno));
        return;
    }
    struct stat st {};
    if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        throw std::runtime_error(dir.string() + " is not a directory");
    // A directory of our own that others can write to would let them replace the socket.
    if (st.st_uid == geteuid() && (st.st_mode & 0022) && !(st.st_mode & S_ISVTX))
        throw std::runtime_error(dir.string() + " is writable by others; chmod it 0700");
}

}  // namespace

ControlServer::ControlServer(MainLoop& loop, std::filesystem::path path, Handler handler)
    : loop_(loop), path_(std::move(path)), handler_(std::move(handler)) {
    if (path_.has_parent_path()) prepare_directory(path_.parent_path());
    sockaddr_un addr = address_of(path_);
    struct stat st {};
    if (lstat(path_.c_str(), &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) throw std::runtime_error(path_.string() + " exists and is not a socket");
        if (someone_listens(path_))
            throw std::runtime_error("another headampd is already listening on " + path_.string());
        unlink(path_.c_str());  // stale: its daemon is gone
    }
    listen_fd_.reset(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!listen_fd_.valid()) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    const mode_t old_mask = umask(0177);  // the socket is born 0600, not chmod-ed after the fact
    const int bound = bind(listen_fd_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    const int bind_errno = errno;
    umask(old_mask);
    if (bound != 0) throw std::runtime_error("cannot bind " + path_.string() + ": " + std::strerror(bind_errno));
    if (listen(listen_fd_.get(), 64) != 0) throw std::runtime_error(std::string("listen: ") + std::strerror(errno));
    loop_.watch(listen_fd_.get(), [this](short) { on_listen_readable(); });
    log::info("control socket at ", path_.string());
}

ControlServer::~ControlServer() {
    for (const auto& [fd, client] : clients_) loop_.unwatch(fd);
    if (listen_fd_.valid()) {
        loop_.unwatch(listen_fd_.get());
        unlink(path_.c_str());
    }
}

void ControlServer::on_listen_readable() {
    for (;;) {
        UniqueFd fd(accept4(listen_fd_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK));
        if (!fd.valid()) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
                log::warning("control socket accept: ", std::strerror(errno));
            return;
        }
        ucred cred{};
        socklen_t len = sizeof cred;
        if (getsockopt(fd.get(), SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || cred.uid != geteuid()) {
            log::warning("control socket: refused a peer of uid ", cred.uid, " (pid ", cred.pid, ")");
            const std::string refusal =
                to_line({{"id", nullptr},
                         {"error", "refused: this headampd belongs to uid " + std::to_string(geteuid()) +
                                       ", you are uid " + std::to_string(cred.uid)}});
            [[maybe_unused]] const ssize_t n =
                send(fd.get(), refusal.data(), refusal.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
            continue;  // closed by UniqueFd
        }
        const int raw = fd.get();
        auto client = std::make_unique<Client>();
        client->fd = std::move(fd);
        clients_[raw] = std::move(client);
        loop_.watch(raw, [this, raw](short revents) { on_client_event(raw, revents); });
        log::debug("control client connected (pid ", cred.pid, ")");
    }
}

void ControlServer::on_client_event(int fd, short revents) {
    auto it = clients_.find(fd);
    if (it == clients_.end()) return;
    Client& client = *it->second;
    in_dispatch_ = true;  // a handler may publish; nothing is freed under `client` until this is over
    if (revents & POLLOUT) flush(client);
    if (revents & (POLLIN | POLLHUP | POLLERR)) {
        char buffer[16384];
        // Bounded per wake-up so one chatty client cannot starve the others.
        for (int round = 0; round < 16; ++round) {
            const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
            if (n > 0) {
                for (const Line& line : client.reader.feed(std::string_view(buffer, static_cast<std::size_t>(n))))
                    handle_line(client, line);
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
            client.closing = true;  // end of stream or an error: answer what came, then go
            flush(client);
            break;
        }
    }
    in_dispatch_ = false;
    reap();
}

void ControlServer::handle_line(Client& client, const Line& line) {
    if (line.too_long) {
        queue(client,
              {{"id", nullptr},
               {"error", "request line longer than " + std::to_string(kMaxLineBytes) + " bytes; it was ignored"}});
        return;
    }
    if (line.text.empty()) return;
    json request;
    try {
        request = json::parse(line.text);
    } catch (const json::exception& e) {  // parse_error, or out_of_range for a number like 1e999
        std::string what = e.what();
        // nlohmann prefixes "[json.exception.parse_error.101] "; the rest is the useful part.
        if (const auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
        queue(client, {{"id", nullptr}, {"error", "malformed JSON: " + what}});
        return;
    }
    json answer;
    try {
        answer = handler_(request, client.subscription);
    } catch (const std::exception& e) {
        // A bug must cost one request, not the daemon and everyone's headphones.
        log::error("control request failed: ", e.what());
        answer = {{"id", nullptr}, {"error", std::string("internal error: ") + e.what()}};
    }
    queue(client, answer);
}

void ControlServer::queue(Client& client, const json& message) {
    const std::string text = to_line(message);
    if (client.out.size() + text.size() > kMaxClientBacklog) {
        doomed_.push_back(client.fd.get());
        log::warning("control client dropped: it stopped reading (", client.out.size(), " bytes queued)");
        return;
    }
    client.out += text;
    flush(client);
}

void ControlServer::flush(Client& client) {
    while (!client.out.empty()) {
        const ssize_t n = send(client.fd.get(), client.out.data(), client.out.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            client.out.erase(0, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
        doomed_.push_back(client.fd.get());  // the peer is gone
        return;
    }
    if (client.out.empty() && client.closing) {
        doomed_.push_back(client.fd.get());
        return;
    }
    rewatch(client);
}

void ControlServer::rewatch(Client& client) {
    const int fd = client.fd.get();
    const short events = client.out.empty() ? POLLIN : (client.closing ? POLLOUT : POLLIN | POLLOUT);
    loop_.watch(
        fd, [this, fd](short revents) { on_client_event(fd, revents); }, events);
}

void ControlServer::drop(int fd, const std::string& why) {
    auto it = clients_.find(fd);
    if (it == clients_.end()) return;
    log::debug("control client gone: ", why);
    loop_.unwatch(fd);
    clients_.erase(it);
}

void ControlServer::reap() {
    if (in_dispatch_) return;
    std::vector<int> doomed;
    doomed.swap(doomed_);
    for (int fd : doomed) drop(fd, "closed");
}

void ControlServer::publish(const json& event) {
    const std::string text = to_line(event);
    for (auto& [fd, client] : clients_) {
        if (!client->subscription.events || client->closing) continue;
        if (client->out.size() + text.size() > kMaxClientBacklog) {
            log::warning("control client dropped: it stopped reading events");
            doomed_.push_back(fd);
            continue;
        }
        client->out += text;
        flush(*client);
    }
    reap();
}

std::optional<std::chrono::milliseconds> ControlServer::send_due_meters(const std::function<json()>& make_event) {
    const auto now = std::chrono::steady_clock::now();
    std::optional<std::chrono::milliseconds> next;
    std::string text;
    for (auto& [fd, client] : clients_) {
        Subscription& s = client->subscription;
        if (s.meters_hz <= 0.0 || client->closing) continue;
        const auto period = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            std::chrono::duration<double>(1.0 / s.meters_hz));
        if (now >= s.next_meters) {
            // A reader that is behind misses meter frames (they are stale anyway) instead of growing a queue.
            if (client->out.size() < kMetersBacklog) {
                if (text.empty()) text = to_line(make_event());
                client->out += text;
                flush(*client);
            }
            s.next_meters = std::max(s.next_meters + period, now);
        }
        const auto wait = std::chrono::ceil<std::chrono::milliseconds>(s.next_meters - now);
        next = next ? std::min(*next, wait) : wait;
    }
    reap();
    return next;
}

}  // namespace headamp::control
