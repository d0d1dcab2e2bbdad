// udev and the device feed in the main loop (see device_sources.hpp).
#include "daemon/device_sources.hpp"

#include "daemon/environment.hpp"
#include "util/log.hpp"

namespace headamp::daemon {

DeviceSources::DeviceSources(MainLoop& loop, devices::ServerStarter& server) : loop_(loop) {
    start_udev(server);
    start_feed(server);
}

DeviceSources::~DeviceSources() {
    if (watcher_) loop_.unwatch(watcher_->fd());
    if (feed_) loop_.unwatch(feed_->fd());
}

void DeviceSources::start_udev(devices::ServerStarter& server) {
    try {
        watcher_.emplace();
        watcher_->on_added = [&server](const hotplug::Device& d) { server.add(d); };
        watcher_->on_removed = [&server](const hotplug::Device& d) { server.remove(d); };
        watcher_->start();
        loop_.watch(watcher_->fd(), [this](short) {
            try {  // a device that cannot be brought in must not take the daemon down
                watcher_->dispatch();
            } catch (const std::exception& e) {
                log::error("hot-plug: ", e.what());
            }
        });
    } catch (const std::exception& e) {
        watcher_.reset();
        log::error("udev: ", e.what(), "; interfaces plugged in now will not be seen");
    }
}

void DeviceSources::start_feed(devices::ServerStarter& server) {
    const auto path = device_feed_from_environment();
    if (!path) return;
    feed_.emplace(*path);
    feed_->on_added = [&server](const hotplug::Device& d) { server.add(d); };
    feed_->on_removed = [&server](const hotplug::Device& d) { server.remove(d); };
    loop_.watch(feed_->fd(), [this](short) {
        try {
            feed_->dispatch();
        } catch (const std::exception& e) {
            log::error("device feed: ", e.what());
        }
    });
}

}  // namespace headamp::daemon
