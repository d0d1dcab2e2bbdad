// Where devices come from: udev, and a FIFO named by $HEADAMP_DEVICE_FEED besides it (tests, rigs
// without udev; headampd(8), ENVIRONMENT). Each watched in the main loop and handed to the ServerStarter.
// A device that cannot be brought in is logged and never takes the daemon down.
#pragma once

#include <optional>

#include "devices/server_starter.hpp"
#include "hotplug/device_feed.hpp"
#include "hotplug/udev_watcher.hpp"
#include "util/main_loop.hpp"

namespace headamp::daemon {

class DeviceSources {
public:
    // Without udev (it failed to start) the error is logged: interfaces plugged in now are not seen.
    DeviceSources(MainLoop& loop, devices::ServerStarter& server);
    ~DeviceSources();
    DeviceSources(const DeviceSources&) = delete;
    DeviceSources& operator=(const DeviceSources&) = delete;

private:
    void start_udev(devices::ServerStarter& server);
    void start_feed(devices::ServerStarter& server);

    MainLoop& loop_;
    std::optional<hotplug::UdevWatcher> watcher_;
    std::optional<hotplug::DeviceFeed> feed_;
};

}  // namespace headamp::daemon
