// UdevWatcher: monitor first, then enumerate, then drop duplicates (PipeWire's alsa-udev order).
#include "hotplug/udev_watcher.hpp"

#include "hotplug/card_probe.hpp"

#include <fcntl.h>
#include <cerrno>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

namespace headamp::hotplug {

namespace {

// Upper bound on messages taken per dispatch(): a flood of events must not starve the rest of
// the poll loop; whatever is left keeps the fd readable for the next pass.
constexpr int max_events_per_dispatch = 256;

std::runtime_error udev_error(const char* what) {
    const int err = errno;
    std::string message = std::string("udev: ") + what;
    if (err != 0) message += std::string(": ") + std::strerror(err);
    return std::runtime_error(message);
}

}  // namespace

UdevWatcher::UdevWatcher(std::filesystem::path proc_root) : proc_root_(std::move(proc_root)) {
    errno = 0;
    udev_.reset(udev_new());
    if (!udev_) throw udev_error("cannot create a udev context");

    // "udev": events after udevd has run its rules, so properties such as SOUND_INITIALIZED are set.
    monitor_.reset(udev_monitor_new_from_netlink(udev_.get(), "udev"));
    if (!monitor_) throw udev_error("cannot create a monitor (is /run/udev there?)");
    if (udev_monitor_filter_add_match_subsystem_devtype(monitor_.get(), "sound", nullptr) < 0)
        throw udev_error("cannot filter the monitor on subsystem sound");
}

void UdevWatcher::start() {
    // Arm the monitor before enumerating: a card plugged in between the two is then seen at least
    // once (possibly twice, which devices_ absorbs) instead of not at all.
    if (udev_monitor_enable_receiving(monitor_.get()) < 0) throw udev_error("cannot enable the monitor");
    // dispatch() drains until EAGAIN; libudev's socket is non-blocking already, make sure of it.
    const int flags = fcntl(fd(), F_GETFL);
    if (flags < 0 || fcntl(fd(), F_SETFL, flags | O_NONBLOCK) < 0)
        throw udev_error("cannot make the monitor non-blocking");

    UdevEnumerate enumerate(udev_enumerate_new(udev_.get()));
    if (!enumerate) throw udev_error("cannot create an enumeration");
    if (udev_enumerate_add_match_subsystem(enumerate.get(), "sound") < 0 ||
        udev_enumerate_add_match_sysname(enumerate.get(), "card*") < 0)
        throw udev_error("cannot set up the enumeration");
    if (udev_enumerate_scan_devices(enumerate.get()) < 0) throw udev_error("cannot enumerate sound cards");

    udev_list_entry* entry = nullptr;
    udev_list_entry_foreach(entry, udev_enumerate_get_list_entry(enumerate.get())) {
        const char* syspath = udev_list_entry_get_name(entry);
        if (syspath == nullptr) continue;
        // Gone since the scan: its remove event is in the monitor's queue, nothing to do.
        UdevDevice card(udev_device_new_from_syspath(udev_.get(), syspath));
        if (card) consider(card.get());
    }
}

int UdevWatcher::fd() const { return udev_monitor_get_fd(monitor_.get()); }

void UdevWatcher::dispatch() {
    for (int i = 0; i < max_events_per_dispatch; ++i) {
        errno = 0;
        UdevDevice event(udev_monitor_receive_device(monitor_.get()));
        if (!event) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == 0) return;
            // A message libudev rejected (bad credentials, truncated, ENOBUFS…): try the next one.
            continue;
        }
        handle_event(event.get());
    }
}

void UdevWatcher::handle_event(udev_device* event) {
    if (!is_card_sysname(udev_device_get_sysname(event))) return;
    const char* subsystem = udev_device_get_subsystem(event);
    if (subsystem == nullptr || std::strcmp(subsystem, "sound") != 0)
        return;  // the kernel-side filter is advisory under some sockets; check again here
    const char* action = udev_device_get_action(event);
    const char* syspath = udev_device_get_syspath(event);
    if (action == nullptr || syspath == nullptr) return;

    if (std::strcmp(action, "remove") == 0) {
        // The sysfs entries are gone by now: match on what we reported, not on the event's ancestry.
        const auto it = devices_.find(syspath);
        if (it == devices_.end()) return;
        const Device gone = std::move(it->second);
        devices_.erase(it);
        if (on_removed) on_removed(gone);
        return;
    }
    // add, change, bind…: SOUND_INITIALIZED usually arrives with a change after the add.
    consider(event);
}

void UdevWatcher::consider(udev_device* card) {
    const char* syspath = udev_device_get_syspath(card);
    if (syspath == nullptr || devices_.contains(syspath))
        return;  // already reported: a duplicate from enumerate + event, or a later change
    if (!is_sound_initialized(card))
        return;  // not ready yet; the change event that sets SOUND_INITIALIZED brings it back here

    std::optional<Device> device;
    try {
        device = probe_card(card, proc_root_);
    } catch (const std::exception&) {
        return;  // out of memory while describing one odd card: skip it, keep watching
    }
    if (!device) return;
    const auto [it, inserted] = devices_.emplace(device->syspath, std::move(*device));
    if (inserted && on_added) on_added(it->second);
}

}  // namespace headamp::hotplug
