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

TEST(ChildProcess, StopsWithTheSignalItIsAskedTo) {
    // zita-a2j/zita-j2a catch SIGINT and close their JACK client; a bridge is stopped with it.
    jack::ChildProcess child({"sh", "-c", "trap 'exit 7' INT; echo ready; while :; do sleep 0.05; done"}, {}, true);
    char buf[16];
    pollfd p{child.output_fd(), POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 5000), 1);
    ASSERT_GT(::read(child.output_fd(), buf, sizeof buf), 0);  // the trap is set
    const int status = child.stop({SIGINT, std::chrono::milliseconds(5000)});
    EXPECT_EQ(jack::describe_wait_status(status), "exited with status 7");
}

TEST(ChildProcess, KillsWhatIgnoresItsStopSignal) {
    jack::ChildProcess child({"sh", "-c", "trap '' INT; echo ready; while :; do sleep 0.05; done"}, {}, true);
    char buf[16];
    pollfd p{child.output_fd(), POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 5000), 1);
    ASSERT_GT(::read(child.output_fd(), buf, sizeof buf), 0);
    const int status = child.stop({SIGINT, std::chrono::milliseconds(200)});
    EXPECT_EQ(jack::describe_wait_status(status), "killed by signal 9 (Killed)");
}
