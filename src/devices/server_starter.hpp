// Starts a JACK server on a USB audio interface when none runs (jack.start_server), moves it to the
// next interface when its device leaves, restarts it when it dies, and stops it when headampd stops.
// A server that headamp did not start is never touched.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "devices/device_manager.hpp"
#include "hotplug/device.hpp"
#include "jack/jack_session.hpp"
#include "jack/server_command.hpp"
#include "jack/supervised_process.hpp"
#include "util/main_loop.hpp"

namespace headamp::devices {

class ServerStarter {
public:
    using Clock = std::chrono::steady_clock;
    // jackd closes its card and its clients' sockets on SIGTERM; past this it is killed.
    static constexpr std::chrono::milliseconds kStopGrace{3000};
    // How long the device a started server runs on is held back from the device manager while its
    // ports have no ALSA aliases yet (JACK2's ALSA driver sets them before it takes clients).
    static constexpr std::chrono::seconds kAliasWait{5};

    // Sits between the udev watcher and the device manager: add() and remove() are forwarded.
    // `enabled` is jack.start_server; `env` is added to jackd's environment.
    ServerStarter(MainLoop& loop, jack::JackSession& session, DeviceManager& devices, jack::ServerSettings settings,
                  bool enabled, std::vector<std::string> env);
    // Stops the server it started (SIGTERM, then SIGKILL after kStopGrace), reaping it.
    ~ServerStarter();
    ServerStarter(const ServerStarter&) = delete;
    ServerStarter& operator=(const ServerStarter&) = delete;

    // Never starts a server, whatever jack.start_server says (under PipeWire, which holds every card
    // and serves headampd's libjack itself); `why` is said once in the log when a device arrives.
    void never_start(std::string why) {
        enabled_ = false;
        never_why_ = std::move(why);
    }

    void add(const hotplug::Device& device);
    void remove(const hotplug::Device& device);

    // The identity of the device the server headamp started runs on, if there is one.
    std::optional<std::string> carrier() const;
    // The started server's process while it runs (between a crash and its restart: nothing).
    std::optional<pid_t> pid() const;
    // How many times a server was started on a device (restarts after a crash not counted).
    unsigned starts() const { return starts_; }

private:
    void start_on(const hotplug::Device& device, const std::string& why);
    void stop(const std::string& why);
    std::optional<std::chrono::milliseconds> tick(Clock::time_point now);

    MainLoop& loop_;
    jack::JackSession& session_;
    DeviceManager& devices_;
    jack::ServerSettings settings_;
    bool enabled_;
    std::vector<std::string> env_;
    std::vector<hotplug::Device> present_;  // in order of arrival: the next carrier is the oldest
    std::optional<hotplug::Device> carrier_;
    std::unique_ptr<jack::SupervisedProcess> server_;
    std::optional<hotplug::Device> held_;  // the carrier, until its ports are there
    Clock::time_point held_since_;
    std::string never_why_;  // set by never_start()
    bool said_disabled_ = false;
    unsigned starts_ = 0;
    int tick_id_ = -1;
};

}  // namespace headamp::devices
