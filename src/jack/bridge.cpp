// Bridge command lines (see bridge.hpp). External processes rather than JACK2's in-process zalsa:
// a bridge that crashes when its device is pulled takes only itself down, never jackd. Measured in
// the VM (benchmark vm-bridge-pull): after 10 pulls each, jack_unload of zalsa_in/zalsa_out killed
// jackd 1.9.21 (SIGSEGV) 10 times; stopping zita-a2j/zita-j2a, 0 times.
// zita is stopped with SIGINT, the one signal it catches: it then closes its JACK client. Killed by SIGTERM,
// it leaks a mutex of JACK2's metadata database (/dev/shm/jack_db-UID) every time, and after 164 kills
// (measured on jackd -d dummy with zita-j2a -d null) no JACK client of that user can open the database any
// more ("BDB2034 unable to allocate memory for mutex"); with SIGINT, 250 stops leaked none.
#include "jack/bridge.hpp"

#include "util/log.hpp"

namespace headamp::jack {

std::vector<std::string> bridge_command(const BridgeSettings& s, BridgeDirection direction,
                                        const std::string& client_name, int card_number, int channels) {
    std::vector<std::string> argv = direction == BridgeDirection::Capture ? s.capture_command : s.playback_command;
    const std::vector<std::string> options{"-j", client_name,
                                           "-d", "hw:" + std::to_string(card_number),
                                           "-c", std::to_string(channels),
                                           "-r", std::to_string(s.rate),
                                           "-p", std::to_string(s.period),
                                           "-n", std::to_string(s.fragments),
                                           "-v"};
    argv.insert(argv.end(), options.begin(), options.end());
    return argv;
}

Bridge::Bridge(MainLoop& loop, std::string name, std::vector<std::string> argv, std::vector<std::string> env)
    : loop_(loop) {
    // zita prints with stdio, which buffers a pipe by 4 KiB: line by line, or its health arrives late.
    argv.insert(argv.begin(), {"stdbuf", "-oL", "-eL"});
    process_ = std::make_unique<SupervisedProcess>(loop, std::move(name), std::move(argv), std::move(env), "bridge",
                                                   StopRequest{SIGINT, std::chrono::milliseconds(1000)},
                                                   [this](const std::string& text) { line(text); });
    process_->on_start = [this](SupervisedProcess&) { health_.started(Clock::now()); };
    process_->on_exit = [this](SupervisedProcess&) {
        if (on_exit) on_exit(*this);
    };
    health_.started(Clock::now());
    tick_id_ = loop_.add_tick([this](Clock::time_point now) { return tick(now); });
}

Bridge::~Bridge() { loop_.remove_tick(tick_id_); }

BridgeStatus Bridge::status(Clock::time_point now) const {
    return {name(), running() ? health_.state(now) : BridgeState::Starting, restarts(), health_.sync_losses(),
            health_.ratio()};
}

void Bridge::line(const std::string& text) {
    if (health_.take(text, Clock::now())) log::info("bridge '", name(), "': ", text);
}

std::optional<std::chrono::milliseconds> Bridge::tick(Clock::time_point now) {
    if (!running()) return std::nullopt;  // the supervisor restarts it
    if (const auto why = health_.needs_restart(now)) {
        process_->restart(*why);
        return std::nullopt;
    }
    return std::chrono::milliseconds(500);
}

}  // namespace headamp::jack
