// What the device tests that run headampd's rooms on a MainLoop of their own share: a Scarlett Solo as
// udev would report it, and running the loop until a condition holds.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "hotplug/device.hpp"
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

}  // namespace headamp::test
