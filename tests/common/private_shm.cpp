// Gives every JACK test process (and the jackd, headampd and bridges it starts) a /dev/shm of its own.
//
// JACK2 1.9.21 keeps everything its servers share in /dev/shm: the server registry (8 slots, never
// freed for a killed server), the sockets, the semaphores, and the metadata database in
// /dev/shm/jack_db-UID, which every server deletes when it exits, whoever else still uses it. Tests
// running in parallel, each with its own server, so pull that database from under each other's feet,
// and the next client to open it dies of SIGBUS in libdb. In a mount namespace of its own with a
// fresh tmpfs on /dev/shm, a test process is alone in its JACK world. This needs CAP_SYS_ADMIN (CI
// runs as root); without it the test runs in the shared /dev/shm, and says so.
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace headamp::test {
namespace {

bool isolate_dev_shm() {
    if (::unshare(CLONE_NEWNS) != 0) {
        std::fprintf(stderr, "note: no private /dev/shm for this test (unshare: %s); JACK's files are shared\n",
                     std::strerror(errno));
        return false;
    }
    // Private first, or the tmpfs would propagate back to the host's /dev/shm.
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::mount("headamp-test-shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777") != 0) {
        std::fprintf(stderr, "note: no private /dev/shm for this test (mount: %s); JACK's files are shared\n",
                     std::strerror(errno));
        return false;
    }
    return true;
}

// Runs before main(), while the process has one thread: a mount namespace is per process only then.
[[maybe_unused]] const bool isolated = isolate_dev_shm();

}  // namespace
}  // namespace headamp::test
