// What the device tests that run headampd's rooms on a MainLoop of their own share: a Scarlett Solo as
// udev would report it, running the loop until a condition holds, and the device manager wired the way
// headampd wires it.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "core/engine.hpp"
#include "devices/device_manager.hpp"
#include "hotplug/device.hpp"
#include "jack/jack_session.hpp"
#include "util/main_loop.hpp"

namespace headamp::test {

// A Focusrite Scarlett Solo (1235:8211) with this serial on card `card` (ALSA id `id`), USB port 1-<card>.
inline hotplug::Device solo_device(const std::string& serial, int card, const std::string& id, int in = 2,
                                   int out = 2) {
    hotplug::Device d;
    d.vendor_id = "1235";
    d.product_id = "8211";
    d.serial = serial;
    d.port_path = "1-" + std::to_string(card);
    d.manufacturer = "Focusrite";
    d.product = "Scarlett Solo USB";
    d.card_number = card;
    d.card_id = id;
    d.syspath = "/sys/devices/pci0000:00/usb1/1-" + std::to_string(card) + "/sound/card" + std::to_string(card);
    d.capture_channels = in;
    d.playback_channels = out;
    return d;
}

// Runs the loop until pred() holds (true) or the timeout passes (false); pred is asked every 5 ms.
inline bool run_loop_until(MainLoop& loop, const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
    const auto deadline = MainLoop::Clock::now() + timeout;
    bool met = false;
    const int id = loop.add_tick([&](MainLoop::Clock::time_point now) -> std::optional<std::chrono::milliseconds> {
        if (pred()) {
            met = true;
            loop.stop(0);
        } else if (now >= deadline) {
            loop.stop(1);
        }
        return std::chrono::milliseconds(5);
    });
    loop.run();
    loop.remove_tick(id);
    return met;
}

// headampd's device path without the daemon: a JACK session on `server`, driven from `loop`, and the
// device manager on it with the fake bridge (FAKE_BRIDGE) standing in for zita-a2j/zita-j2a.
class DeviceRig {
public:
    DeviceRig(MainLoop& loop, core::Engine& engine, const std::string& server, const std::filesystem::path& state)
        : loop_(loop) {
        jack::SessionOptions options;
        options.client_name = "headamp";
        options.server = server;
        options.connect_physical = false;
        session = std::make_unique<jack::JackSession>(options, engine, core::Graph{}, jack::PortBindings{});
        tick_ = loop_.add_tick(
            [s = session.get()](MainLoop::Clock::time_point now) -> std::optional<std::chrono::milliseconds> {
                s->on_timeout(now);
                s->on_readable();  // xruns and port events (the event fd is non-blocking)
                return std::chrono::milliseconds(20);
            });
        jack::BridgeSettings bridges;
        bridges.capture_command = {FAKE_BRIDGE, "capture"};
        bridges.playback_command = {FAKE_BRIDGE, "playback"};
        bridges.server = server;
        manager = std::make_unique<devices::DeviceManager>(loop_, *session, devices::DeviceStore(state), bridges);
    }
    ~DeviceRig() {
        manager.reset();
        loop_.remove_tick(tick_);
    }
    DeviceRig(const DeviceRig&) = delete;
    DeviceRig& operator=(const DeviceRig&) = delete;

    std::unique_ptr<jack::JackSession> session;
    std::unique_ptr<devices::DeviceManager> manager;

private:
    MainLoop& loop_;
    int tick_ = -1;
};

}  // namespace headamp::test
