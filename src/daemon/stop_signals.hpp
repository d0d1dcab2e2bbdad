// SIGINT, SIGTERM and SIGHUP stop the main loop: they arrive on a signalfd the loop reads. Made before
// any thread exists, so that JACK's threads inherit the blocked mask and never take them.
#pragma once

#include "util/main_loop.hpp"
#include "util/unique_fd.hpp"

namespace headamp::daemon {

class StopSignals {
public:
    // Blocks the signals and ignores SIGPIPE (a client that went away is an error return, not a death).
    // Throws std::runtime_error when the signalfd cannot be made.
    StopSignals();
    // From now on one of them stops `loop` (exit code 0).
    void stop(MainLoop& loop);

private:
    UniqueFd fd_;
};

}  // namespace headamp::daemon
