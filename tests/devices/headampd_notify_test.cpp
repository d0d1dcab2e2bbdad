// headampd under systemd's Type=notify protocol: READY=1 on $NOTIFY_SOCKET once it is in the JACK
// graph (with its udev watcher and device manager running), and no trouble without the socket.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstdlib>
#include <cstring>

#include "jack_harness.hpp"

using namespace headamp::test;
using namespace std::chrono_literals;

TEST(HeadampdNotify, SaysReadyOnceConnectedToJack) {
    JackServer server(unique_server_name("notify"));
    const std::string path = "/tmp/" + server.name() + ".notify";
    const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(fd, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
    ::unlink(path.c_str());
    ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    const std::string state = "/tmp/" + server.name() + "-state";
    const auto t0 = std::chrono::steady_clock::now();
    ChildProcess daemon({std::getenv("HEADAMPD"), "--server", server.name(), "--config", "/dev/null", "--socket",
                         "/tmp/" + server.name() + ".sock"},
                        {"NOTIFY_SOCKET=" + path, "XDG_STATE_HOME=" + state},
                        "/tmp/" + server.name() + ".headampd.log");
    pollfd p{fd, POLLIN, 0};
    ASSERT_EQ(poll(&p, 1, 10000), 1) << "no notification from headampd";
    char buf[256] = {};
    ASSERT_GT(recv(fd, buf, sizeof buf - 1, 0), 0);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
    EXPECT_NE(std::strstr(buf, "READY=1"), nullptr) << buf;
    EXPECT_NE(std::strstr(buf, "STATUS=connected to JACK"), nullptr) << buf;
    EXPECT_TRUE(JackHandle(server.name(), "inspector").port_exists("headamp:mix1_L"));
    std::printf("[ timing ] headampd start -> READY=1: %lld ms\n", static_cast<long long>(ms.count()));
    EXPECT_EQ(daemon.stop(SIGTERM), 0);
    ::close(fd);
    ::unlink(path.c_str());
}
