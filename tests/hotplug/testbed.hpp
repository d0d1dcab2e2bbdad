// Test support: a umockdev test bed loaded from the records in data/, and a recorder for UdevWatcher callbacks.
#pragma once

#include "hotplug/device.hpp"
#include "hotplug/udev_watcher.hpp"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

typedef struct _UMockdevTestbed UMockdevTestbed;

namespace headamp::hotplug::test {

using Replacements = std::vector<std::pair<std::string, std::string>>;

// The text of tests/hotplug/data/<name>.
std::string read_data(const std::string& name);

// Every occurrence of each `from` replaced by its `to`, in order: turns one recorded device into
// the same model on another port, card number or serial.
std::string replace_all(std::string text, const Replacements& replacements);

// A umockdev test bed: a private /sys, /run/udev and /proc overlay seen through libudev while it
// lives. The process must run with libumockdev-preload (tests/hotplug/meson.build sets it).
class Testbed {
public:
    Testbed();
    ~Testbed();
    Testbed(const Testbed&) = delete;
    Testbed& operator=(const Testbed&) = delete;

    // Adds the devices of a umockdev record (blank-line separated blocks). Blocks for devices
    // already in the bed (a root hub shared by two records) are skipped, as umockdev refuses them.
    void add_record(const std::string& record_text);
    void add_record_file(const std::string& name, const Replacements& replacements = {});

    void set_property(const std::string& syspath, const char* name, const char* value);
    // A uevent through umockdev's fake netlink socket, as udevd would broadcast it.
    void uevent(const std::string& syspath, const char* action);
    void remove_device(const std::string& syspath);

    // Writes <root>/proc/asound/card<card>/stream0; umockdev serves it in place of the real /proc file.
    void install_stream0(int card, const std::string& content);

    std::filesystem::path root() const;

private:
    UMockdevTestbed* bed_;
};

// Collects what a UdevWatcher reports.
struct Recorder {
    std::vector<Device> added;
    std::vector<Device> removed;

    void attach(UdevWatcher& watcher);
};

// Waits (up to timeout_ms) for the watcher's fd to become readable, then dispatches.
// Returns false when nothing arrived: a test that sent an event expects true, so an ignored event
// is known to have been seen and ignored rather than lost.
bool deliver(UdevWatcher& watcher, int timeout_ms = 2000);

// Syspaths of the cards in the records of data/.
inline const std::string solo_card = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/sound/card1";
inline const std::string umc404hd_card = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0/sound/card2";
inline const std::string s18i20_card = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4.1/1-4.1:1.0/sound/card3";
inline const std::string dummy_card = "/sys/devices/platform/snd_dummy.0/sound/card0";
inline const std::string gadget_card = "/sys/devices/platform/usbip-vudc.0/gadget.0/sound/card4";
inline const std::string keyboard_device = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-5";
inline const std::string keyboard_interface = keyboard_device + "/1-5:1.0";

}  // namespace headamp::hotplug::test
