// The device feed (see device_feed.hpp).
#include "hotplug/device_feed.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "util/log.hpp"

namespace headamp::hotplug {

std::string feed_line(const std::string& action, const Device& d) {
    return action + "\t" + d.vendor_id + "\t" + d.product_id + "\t" + d.serial + "\t" + d.port_path + "\t" +
           d.manufacturer + "\t" + d.product + "\t" + std::to_string(d.card_number) + "\t" + d.card_id + "\t" +
           std::to_string(d.capture_channels) + "\t" + std::to_string(d.playback_channels) + "\n";
}

std::optional<std::pair<std::string, Device>> parse_feed_line(const std::string& line) {
    std::vector<std::string> f;
    std::stringstream in(line);
    for (std::string field; std::getline(in, field, '\t');) f.push_back(field);
    if (f.size() != 11 || (f[0] != "add" && f[0] != "remove")) return std::nullopt;
    Device d;
    d.vendor_id = f[1];
    d.product_id = f[2];
    d.serial = f[3];
    d.port_path = f[4];
    d.manufacturer = f[5];
    d.product = f[6];
    d.card_id = f[8];
    try {
        d.card_number = std::stoi(f[7]);
        d.capture_channels = std::stoi(f[9]);
        d.playback_channels = std::stoi(f[10]);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    d.syspath = "feed:card" + f[7];
    return std::pair{f[0], d};
}

DeviceFeed::DeviceFeed(const std::string& path) {
    if (mkfifo(path.c_str(), 0600) != 0 && errno != EEXIST)
        throw std::runtime_error("device feed " + path + ": " + std::strerror(errno));
    // O_RDWR: the FIFO stays open (no EOF, no busy POLLHUP) between writers.
    fd_ = UniqueFd(::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC));
    if (!fd_.valid()) throw std::runtime_error("device feed " + path + ": " + std::strerror(errno));
}

void DeviceFeed::dispatch() {
    char buf[1024];
    for (;;) {
        const ssize_t n = ::read(fd_.get(), buf, sizeof buf);
        if (n <= 0) break;
        pending_.append(buf, static_cast<std::size_t>(n));
    }
    for (std::size_t nl; (nl = pending_.find('\n')) != std::string::npos;) {
        const std::string line = pending_.substr(0, nl);
        pending_.erase(0, nl + 1);
        const auto event = parse_feed_line(line);
        if (!event) {
            log::warning("device feed: ignoring malformed line '", line, "'");
            continue;
        }
        const Callback& report = event->first == "add" ? on_added : on_removed;
        if (report) report(event->second);
    }
}

}  // namespace headamp::hotplug
