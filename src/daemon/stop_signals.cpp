// Stopping on signals (see stop_signals.hpp).
#include "daemon/stop_signals.hpp"

#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include "util/log.hpp"

namespace headamp::daemon {

namespace {

UniqueFd block_termination_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    signal(SIGPIPE, SIG_IGN);
    return UniqueFd(signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
}

}  // namespace

StopSignals::StopSignals() : fd_(block_termination_signals()) {
    if (!fd_.valid()) throw std::runtime_error(std::string("signalfd: ") + std::strerror(errno));
}

void StopSignals::stop(MainLoop& loop) {
    loop.watch(fd_.get(), [this, &loop](short) {
        signalfd_siginfo info;
        if (read(fd_.get(), &info, sizeof info) != sizeof info) return;
        log::notice("stopping on signal ", strsignal(static_cast<int>(info.ssi_signo)));
        loop.stop(0);
    });
}

}  // namespace headamp::daemon
