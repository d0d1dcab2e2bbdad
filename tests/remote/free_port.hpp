// A loopback port free at the time of asking, for a daemon under test to listen on.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace headamp::test {

// `type`: SOCK_STREAM (TCP) or SOCK_DGRAM (UDP).
inline int free_loopback_port(int type) {
    const int fd = ::socket(AF_INET, type, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
}

inline int free_tcp_port() { return free_loopback_port(SOCK_STREAM); }
inline int free_udp_port() { return free_loopback_port(SOCK_DGRAM); }

}  // namespace headamp::test
