// Devices announced through a FIFO instead of udev: how tests (and rigs without udev) plug and unplug
// interfaces into a running headampd. One line per event, fields separated by tabs:
//   add <vendor_id> <product_id> <serial> <port_path> <manufacturer> <product> <card> <card_id> <in> <out>
//   remove <same fields as add>
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "hotplug/device.hpp"
#include "util/unique_fd.hpp"

namespace headamp::hotplug {

// One event line for `device` (what a test writes into the FIFO).
std::string feed_line(const std::string& action, const Device& device);
// The device of an add/remove line; nothing for anything else.
std::optional<std::pair<std::string, Device>> parse_feed_line(const std::string& line);

class DeviceFeed {
public:
    using Callback = std::function<void(const Device&)>;

    // Opens (creating when missing) the FIFO at `path`. Throws std::runtime_error.
    explicit DeviceFeed(const std::string& path);

    int fd() const { return fd_.get(); }
    // Reads what is there and reports complete lines; malformed lines are logged and skipped.
    void dispatch();

    Callback on_added;
    Callback on_removed;

private:
    UniqueFd fd_;
    std::string pending_;
};

}  // namespace headamp::hotplug
