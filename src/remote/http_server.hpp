// The phone page's HTTP server: libmicrohttpd with no thread of its own, its epoll fd in the main loop
// and its timeout a tick. It serves the page's files (built into the binary) and hands each WebSocket
// upgrade whose Origin is this server's own to the page service as an UpgradedSocket.
#pragma once

#include <microhttpd.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "util/ip_address.hpp"
#include "util/main_loop.hpp"

namespace headamp::remote {

struct PageOptions {
    IpEndpoint listen;
    int max_per_address = 8;  // connections (HTTP and WebSocket) one address may hold at once
};

// A WebSocket's socket once MHD has let go of it; closed through MHD when destroyed (MHD forbids close(2)).
class UpgradedSocket {
public:
    UpgradedSocket(MHD_UpgradeResponseHandle* handle, int fd, std::string already_read, std::function<void()> closed)
        : handle_(handle), fd_(fd), already_read_(std::move(already_read)), closed_(std::move(closed)) {}
    ~UpgradedSocket();
    UpgradedSocket(const UpgradedSocket&) = delete;
    UpgradedSocket& operator=(const UpgradedSocket&) = delete;

    int fd() const { return fd_; }
    // Bytes MHD read past the HTTP header: the first of the WebSocket's stream.
    std::string take_already_read() { return std::move(already_read_); }

private:
    MHD_UpgradeResponseHandle* handle_;
    int fd_;
    std::string already_read_;
    std::function<void()> closed_;
};

class HttpServer {
public:
    using UpgradeHandler = std::function<void(std::unique_ptr<UpgradedSocket> socket)>;

    // Binds and watches; throws std::runtime_error when it cannot.
    HttpServer(MainLoop& loop, const PageOptions& options, UpgradeHandler on_upgrade);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    int port() const { return port_; }

private:
    struct DaemonDeleter {
        void operator()(MHD_Daemon* d) const { MHD_stop_daemon(d); }
    };

    static MHD_Result on_request(void* self, MHD_Connection* connection, const char* url, const char* method,
                                 const char* version, const char* upload, size_t* upload_size, void** state);
    static void on_upgraded(void* self, MHD_Connection* connection, void* state, const char* extra_in,
                            size_t extra_in_size, MHD_socket sock, MHD_UpgradeResponseHandle* handle);
    MHD_Result answer(MHD_Connection* connection, std::string_view url, std::string_view method);
    MHD_Result upgrade(MHD_Connection* connection);
    void run();
    std::optional<std::chrono::milliseconds> tick();

    MainLoop& loop_;
    UpgradeHandler on_upgrade_;
    std::unique_ptr<MHD_Daemon, DaemonDeleter> daemon_;
    int epoll_fd_ = -1;
    int tick_ = -1;
    int port_ = 0;
    bool run_soon_ = false;  // an upgraded socket was closed: MHD cleans it up in its next run
};

}  // namespace headamp::remote
