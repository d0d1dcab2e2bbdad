// Child processes: what they print reaches the daemon when asked, and they inherit none of its descriptors.
#include <gtest/gtest.h>
#include <poll.h>
#include <unistd.h>

#include <string>

#include "jack/child_process.hpp"

using namespace headamp;

namespace {

// Everything the child writes, until it closes its end.
std::string read_all(int fd) {
    std::string out;
    char buf[256];
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 5000) <= 0) return out + "<timeout>";
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) return out;
        out.append(buf, static_cast<std::size_t>(n));
    }
}

}  // namespace

TEST(ChildProcess, CapturedOutputComesThroughThePipe) {
    jack::ChildProcess child({"sh", "-c", "echo to-stdout; echo to-stderr >&2"}, {}, true);
    ASSERT_GE(child.output_fd(), 0);
    EXPECT_EQ(read_all(child.output_fd()), "to-stdout\nto-stderr\n");
    EXPECT_EQ(child.stop(), 0);
}

TEST(ChildProcess, InheritsNoDescriptorOfTheDaemon) {
    // libjack's sockets are not close-on-exec: a descriptor like theirs must not reach a bridge.
    int p[2];
    ASSERT_EQ(::pipe(p), 0);
    const int leaky = ::dup2(p[0], 77);
    ASSERT_EQ(leaky, 77);
    jack::ChildProcess child({"sh", "-c", "if [ -e /proc/self/fd/77 ]; then echo leaked; else echo clean; fi"}, {},
                             true);
    EXPECT_EQ(read_all(child.output_fd()), "clean\n");
    child.stop();
    ::close(77);
    ::close(p[0]);
    ::close(p[1]);
}
