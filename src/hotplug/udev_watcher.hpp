// UdevWatcher: reports USB audio interfaces as they come and go, from udev, for a single-threaded poll loop.
#pragma once

#include "hotplug/device.hpp"
#include "hotplug/udev_handles.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <string>

namespace headamp::hotplug {

class UdevWatcher {
public:
    using Callback = std::function<void(const Device&)>;

    // Creates the udev context and the monitor (not yet receiving). proc_root is where
    // asound/cardN/stream0 is read from. Throws std::runtime_error when libudev fails.
    explicit UdevWatcher(std::filesystem::path proc_root = "/proc");

    UdevWatcher(const UdevWatcher&) = delete;
    UdevWatcher& operator=(const UdevWatcher&) = delete;

    // Arms the monitor, then reports the cards already present through on_added. Events for
    // cards seen by both are reported once. Throws std::runtime_error when libudev fails.
    void start();

    // The monitor's file descriptor, to poll for POLLIN.
    int fd() const;

    // Reads the pending events and calls on_added/on_removed. Never throws for a device it does
    // not understand: that device is skipped. Exceptions thrown by the callbacks propagate.
    void dispatch();

    // Set by the owner before start().
    Callback on_added;
    Callback on_removed;

    // The devices reported as added and not yet removed, by card syspath.
    const std::map<std::string, Device>& devices() const { return devices_; }

private:
    void consider(udev_device* card);
    void handle_event(udev_device* event);

    std::filesystem::path proc_root_;
    Udev udev_;
    UdevMonitor monitor_;
    std::map<std::string, Device> devices_;
};

}  // namespace headamp::hotplug
