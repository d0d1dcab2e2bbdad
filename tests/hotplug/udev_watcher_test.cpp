// UdevWatcher against umockdev test beds: enumeration, hot-plug, readiness, classification, identity, removal.
#include "testbed.hpp"

#include "hotplug/udev_watcher.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

namespace headamp::hotplug::test {
namespace {

// The records with their SOUND_INITIALIZED line removed: the card as udev announces it on `add`,
// before the `change` that marks it ready.
std::string uninitialized(const std::string& record) { return replace_all(record, {{"E: SOUND_INITIALIZED=1\n", ""}}); }

// The Solo as if plugged into port 6 of the same root hub and given card 5.
const Replacements solo_on_port6 = {{"1-2", "1-6"},
                                    {"sound/card1", "sound/card5"},
                                    {"A: number=1", "A: number=5"},
                                    {"A: devpath=2", "A: devpath=6"},
                                    {"001/005", "001/010"},
                                    {"DEVNUM=005", "DEVNUM=010"},
                                    {"A: devnum=5", "A: devnum=10"},
                                    {"usb-0:2:1.0", "usb-0:6:1.0"},
                                    {"usb-0_2_1_0", "usb-0_6_1_0"},
                                    {"MINOR=4", "MINOR=9"}};
const std::string solo_card_port6 = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-6/1-6:1.0/sound/card5";

const Device* find_by_syspath(const std::vector<Device>& devices, const std::string& syspath) {
    const auto it = std::find_if(devices.begin(), devices.end(), [&](const Device& d) { return d.syspath == syspath; });
    return it == devices.end() ? nullptr : &*it;
}

class UdevWatcherTest : public ::testing::Test {
protected:
    // The /proc files the kernel would have made for the three interfaces' cards.
    void install_streams() {
        bed.install_stream0(1, read_data("scarlett-solo-3rd-gen.stream0"));
        bed.install_stream0(2, read_data("behringer-umc404hd.stream0"));
        bed.install_stream0(3, read_data("scarlett-18i20-3rd-gen.stream0"));
    }

    void add_three_interfaces() {
        bed.add_record_file("scarlett-solo-3rd-gen.umockdev");
        bed.add_record_file("behringer-umc404hd.umockdev");
        bed.add_record_file("scarlett-18i20-3rd-gen.umockdev");
    }

    // The watcher is made after the devices a test adds first: a test bed must exist before libudev
    // is first used, and every watcher here is started by the test itself.
    UdevWatcher& watcher() {
        if (!watcher_) {
            watcher_ = std::make_unique<UdevWatcher>();
            recorder.attach(*watcher_);
        }
        return *watcher_;
    }

    Testbed bed;
    Recorder recorder;

private:
    std::unique_ptr<UdevWatcher> watcher_;
};

TEST_F(UdevWatcherTest, DevicesPresentBeforeStartAreEnumerated) {
    add_three_interfaces();
    install_streams();
    watcher().start();

    ASSERT_EQ(recorder.added.size(), 3u);
    EXPECT_TRUE(recorder.removed.empty());

    const Device* solo = find_by_syspath(recorder.added, solo_card);
    ASSERT_NE(solo, nullptr);
    EXPECT_EQ(solo->vendor_id, "1235");
    EXPECT_EQ(solo->product_id, "8211");
    EXPECT_EQ(solo->serial, "Y7DNRNT0A47F2C");
    EXPECT_EQ(solo->port_path, "1-2");
    EXPECT_EQ(solo->identity(), "1235:8211:Y7DNRNT0A47F2C");
    EXPECT_EQ(solo->manufacturer, "Focusrite");
    EXPECT_EQ(solo->product, "Scarlett Solo USB");
    EXPECT_EQ(solo->card_number, 1);
    EXPECT_EQ(solo->card_id, "USB");
    EXPECT_EQ(solo->capture_channels, 2);
    EXPECT_EQ(solo->playback_channels, 2);

    const Device* umc = find_by_syspath(recorder.added, umc404hd_card);
    ASSERT_NE(umc, nullptr);
    EXPECT_EQ(umc->identity(), "1397:0509@usb-1-3");
    EXPECT_EQ(umc->manufacturer, "BEHRINGER");
    EXPECT_EQ(umc->product, "UMC404HD 192k");
    EXPECT_EQ(umc->card_number, 2);
    EXPECT_EQ(umc->card_id, "U192k");
    EXPECT_EQ(umc->capture_channels, 4);
    EXPECT_EQ(umc->playback_channels, 4);

    const Device* big = find_by_syspath(recorder.added, s18i20_card);
    ASSERT_NE(big, nullptr);
    EXPECT_EQ(big->identity(), "1235:8215:P9EAC6K0B38D71");
    EXPECT_EQ(big->port_path, "1-4.1");  // behind a hub
    EXPECT_EQ(big->card_number, 3);
    EXPECT_EQ(big->card_id, "USB_1");
    EXPECT_EQ(big->capture_channels, 18);  // the 48 kHz altset, not the last (192 kHz) one
    EXPECT_EQ(big->playback_channels, 20);

    EXPECT_EQ(watcher().devices().size(), 3u);
    EXPECT_EQ(watcher().devices().at(solo_card), *solo);
}

TEST_F(UdevWatcherTest, HotplugAddThenSoundInitializedChangeReportsOnce) {
    watcher().start();
    ASSERT_TRUE(recorder.added.empty());

    bed.install_stream0(1, read_data("scarlett-solo-3rd-gen.stream0"));
    bed.add_record(uninitialized(read_data("scarlett-solo-3rd-gen.umockdev")));
    bed.uevent(solo_card, "add");
    ASSERT_TRUE(deliver(watcher()));
    EXPECT_TRUE(recorder.added.empty()) << "reported before SOUND_INITIALIZED";

    bed.set_property(solo_card, "SOUND_INITIALIZED", "1");
    bed.uevent(solo_card, "change");
    ASSERT_TRUE(deliver(watcher()));
    ASSERT_EQ(recorder.added.size(), 1u);
    EXPECT_EQ(recorder.added[0].identity(), "1235:8211:Y7DNRNT0A47F2C");
    EXPECT_EQ(recorder.added[0].syspath, solo_card);
    EXPECT_EQ(recorder.added[0].playback_channels, 2);

    // Later change events (e.g. udevadm trigger) do not report it again.
    bed.uevent(solo_card, "change");
    ASSERT_TRUE(deliver(watcher()));
    EXPECT_EQ(recorder.added.size(), 1u);
}

TEST_F(UdevWatcherTest, CardThatNeverBecomesSoundInitializedIsNeverReported) {
    bed.add_record(uninitialized(read_data("behringer-umc404hd.umockdev")));
    watcher().start();
    EXPECT_TRUE(recorder.added.empty()) << "enumerated before SOUND_INITIALIZED";

    bed.uevent(umc404hd_card, "add");
    ASSERT_TRUE(deliver(watcher()));
    bed.uevent(umc404hd_card, "change");
    ASSERT_TRUE(deliver(watcher()));
    bed.set_property(umc404hd_card, "SOUND_INITIALIZED", "0");
    bed.uevent(umc404hd_card, "change");
    ASSERT_TRUE(deliver(watcher()));

    EXPECT_TRUE(recorder.added.empty());
    EXPECT_TRUE(watcher().devices().empty());
    // Its removal is not reported either: it was never added.
    bed.uevent(umc404hd_card, "remove");
    ASSERT_TRUE(deliver(watcher()));
    EXPECT_TRUE(recorder.removed.empty());
}

TEST_F(UdevWatcherTest, NonUsbCardsAreIgnored) {
    bed.add_record_file("snd-dummy.umockdev");
    bed.add_record_file("uac2-gadget.umockdev");
    bed.add_record_file("scarlett-solo-3rd-gen.umockdev");
    watcher().start();
    // The USB interface beside them proves the enumeration itself worked.
    ASSERT_EQ(recorder.added.size(), 1u);
    EXPECT_EQ(recorder.added[0].syspath, solo_card);

    for (const std::string& card : {dummy_card, gadget_card}) {
        for (const char* action : {"add", "change"}) {
            bed.uevent(card, action);
            ASSERT_TRUE(deliver(watcher())) << card << " " << action;
        }
    }
    EXPECT_EQ(recorder.added.size(), 1u);
    EXPECT_EQ(watcher().devices().size(), 1u);
    EXPECT_FALSE(watcher().devices().contains(dummy_card));
    EXPECT_FALSE(watcher().devices().contains(gadget_card));
}

TEST_F(UdevWatcherTest, UsbNonAudioDeviceIsIgnored) {
    bed.add_record_file("usb-keyboard.umockdev");
    watcher().start();
    EXPECT_TRUE(recorder.added.empty());

    // The keyboard's own events (subsystem usb), then an audio interface arriving after them:
    // only the audio interface is reported.
    bed.uevent(keyboard_device, "add");
    bed.uevent(keyboard_interface, "add");
    bed.uevent(keyboard_interface, "bind");
    bed.add_record_file("scarlett-solo-3rd-gen.umockdev");
    bed.uevent(solo_card, "change");
    ASSERT_TRUE(deliver(watcher()));
    ASSERT_EQ(recorder.added.size(), 1u);
    EXPECT_EQ(recorder.added[0].syspath, solo_card);
    EXPECT_EQ(watcher().devices().size(), 1u);
}

TEST_F(UdevWatcherTest, SoundCardOnNonAudioClassInterfaceIsIgnored) {
    // The Solo's card, but its interface is vendor-specific (class ff), as on devices that need a
    // quirk rather than being class compliant.
    bed.add_record_file("scarlett-solo-3rd-gen.umockdev", {{"A: bInterfaceClass=01", "A: bInterfaceClass=ff"}});
    watcher().start();
    EXPECT_TRUE(recorder.added.empty());
    bed.uevent(solo_card, "change");
    ASSERT_TRUE(deliver(watcher()));
    EXPECT_TRUE(recorder.added.empty());
}

TEST_F(UdevWatcherTest, AudioClassInterfaceDrivenByAnotherDriverIsIgnored) {
    bed.add_record_file("scarlett-solo-3rd-gen.umockdev",
                        {{"bus/usb/drivers/snd-usb-audio", "bus/usb/drivers/snd-usb-6fire"},
                         {"DRIVER=snd-usb-audio", "DRIVER=snd-usb-6fire"}});
    watcher().start();
    EXPECT_TRUE(recorder.added.empty());
    bed.uevent(solo_card, "change");
    ASSERT_TRUE(deliver(watcher()));
    EXPECT_TRUE(recorder.added.empty());
}

TEST_F(UdevWatcherTest, RemoveReportsExactlyThatDevice) {
    add_three_interfaces();
    bed.add_record_file("snd-dummy.umockdev");
    watcher().start();
    ASSERT_EQ(recorder.added.size(), 3u);
    const Device umc = watcher().devices().at(umc404hd_card);

    // As the kernel does it: the uevent is sent, and by the time it is read sysfs is gone.
    bed.uevent(umc404hd_card, "remove");
    bed.remove_device(umc404hd_card);
    ASSERT_TRUE(deliver(watcher()));

    ASSERT_EQ(recorder.removed.size(), 1u);
    EXPECT_EQ(recorder.removed[0], umc);
    EXPECT_EQ(recorder.removed[0].identity(), "1397:0509@usb-1-3");
    EXPECT_EQ(watcher().devices().size(), 2u);
    EXPECT_FALSE(watcher().devices().contains(umc404hd_card));
    EXPECT_TRUE(watcher().devices().contains(solo_card));
    EXPECT_TRUE(watcher().devices().contains(s18i20_card));

    // Removing a card that was never reported, or removing twice, reports nothing more.
    bed.uevent(dummy_card, "remove");
    ASSERT_TRUE(deliver(watcher()));
    bed.uevent(solo_card, "remove");
    bed.uevent(solo_card, "remove");
    ASSERT_TRUE(deliver(watcher()));
    ASSERT_EQ(recorder.removed.size(), 2u);
    EXPECT_EQ(recorder.removed[1].syspath, solo_card);
    EXPECT_EQ(recorder.added.size(), 3u);
}

TEST_F(UdevWatcherTest, SameDeviceOnAnotherPortKeepsItsIdentity) {
    watcher().start();
    bed.add_record_file("scarlett-solo-3rd-gen.umockdev");
    bed.uevent(solo_card, "change");
    ASSERT_TRUE(deliver(watcher()));
    bed.uevent(solo_card, "remove");
    bed.remove_device(solo_card);
    ASSERT_TRUE(deliver(watcher()));

    bed.add_record_file("scarlett-solo-3rd-gen.umockdev", solo_on_port6);
    bed.uevent(solo_card_port6, "change");
    ASSERT_TRUE(deliver(watcher()));

    ASSERT_EQ(recorder.added.size(), 2u);
    ASSERT_EQ(recorder.removed.size(), 1u);
    const Device& first = recorder.added[0];
    const Device& second = recorder.added[1];
    EXPECT_EQ(first.port_path, "1-2");
    EXPECT_EQ(second.port_path, "1-6");
    EXPECT_EQ(first.card_number, 1);
    EXPECT_EQ(second.card_number, 5);
    EXPECT_NE(first.syspath, second.syspath);
    EXPECT_EQ(first.identity(), second.identity());
    EXPECT_EQ(second.identity(), "1235:8211:Y7DNRNT0A47F2C");
}

TEST_F(UdevWatcherTest, TwoIdenticalModelsWithDifferentSerialsHaveTwoIdentities) {
    bed.add_record_file("scarlett-solo-3rd-gen.umockdev");
    Replacements twin = solo_on_port6;
    twin.push_back({"Y7DNRNT0A47F2C", "Y7DNRNT0B11E90"});
    bed.add_record_file("scarlett-solo-3rd-gen.umockdev", twin);
    watcher().start();

    ASSERT_EQ(recorder.added.size(), 2u);
    const Device* a = find_by_syspath(recorder.added, solo_card);
    const Device* b = find_by_syspath(recorder.added, solo_card_port6);
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(a->identity(), "1235:8211:Y7DNRNT0A47F2C");
    EXPECT_EQ(b->identity(), "1235:8211:Y7DNRNT0B11E90");
}

TEST_F(UdevWatcherTest, DeviceWithoutSerialIsKnownByItsPort) {
    bed.add_record_file("behringer-umc404hd.umockdev");
    // A second UMC404HD on port 6: the same model, told apart only by where it is plugged.
    bed.add_record_file("behringer-umc404hd.umockdev", {{"1-3", "1-6"},
                                                        {"sound/card2", "sound/card5"},
                                                        {"A: number=2", "A: number=5"},
                                                        {"001/006", "001/010"},
                                                        {"A: devpath=3", "A: devpath=6"}});
    watcher().start();

    ASSERT_EQ(recorder.added.size(), 2u);
    const Device* a = find_by_syspath(recorder.added, umc404hd_card);
    const Device* b =
        find_by_syspath(recorder.added, "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-6/1-6:1.0/sound/card5");
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    EXPECT_TRUE(a->serial.empty());
    EXPECT_EQ(a->identity(), "1397:0509@usb-1-3");
    EXPECT_EQ(b->identity(), "1397:0509@usb-1-6");
}

TEST_F(UdevWatcherTest, CardSeenByEnumerationAndEventIsReportedOnce) {
    // What start() races against: the card's add/change events are queued on the armed monitor
    // while the enumeration already found it.
    bed.add_record_file("scarlett-18i20-3rd-gen.umockdev");
    watcher().start();
    ASSERT_EQ(recorder.added.size(), 1u);
    bed.uevent(s18i20_card, "add");
    bed.uevent(s18i20_card, "change");
    ASSERT_TRUE(deliver(watcher()));
    EXPECT_EQ(recorder.added.size(), 1u);
    EXPECT_EQ(watcher().devices().size(), 1u);
}

TEST_F(UdevWatcherTest, DeviceIsReportedAgainAfterReplug) {
    bed.add_record_file("scarlett-solo-3rd-gen.umockdev");
    watcher().start();
    bed.uevent(solo_card, "remove");
    ASSERT_TRUE(deliver(watcher()));
    bed.uevent(solo_card, "add");
    ASSERT_TRUE(deliver(watcher()));
    ASSERT_EQ(recorder.added.size(), 2u);
    ASSERT_EQ(recorder.removed.size(), 1u);
    EXPECT_EQ(recorder.added[0], recorder.added[1]);
}

TEST_F(UdevWatcherTest, CorruptStream0GivesZeroChannels) {
    bed.install_stream0(1, read_data("corrupt.stream0"));
    bed.add_record_file("scarlett-solo-3rd-gen.umockdev");
    watcher().start();
    ASSERT_EQ(recorder.added.size(), 1u);
    EXPECT_EQ(recorder.added[0].identity(), "1235:8211:Y7DNRNT0A47F2C");
    EXPECT_EQ(recorder.added[0].capture_channels, 0);
    EXPECT_EQ(recorder.added[0].playback_channels, 0);
}

TEST_F(UdevWatcherTest, EmptyStream0GivesZeroChannels) {
    bed.install_stream0(2, "");
    bed.add_record_file("behringer-umc404hd.umockdev");
    watcher().start();
    ASSERT_EQ(recorder.added.size(), 1u);
    EXPECT_EQ(recorder.added[0].capture_channels, 0);
    EXPECT_EQ(recorder.added[0].playback_channels, 0);
}

TEST(UdevWatcherProcRoot, MissingStream0GivesZeroChannelsAndOtherRootsAreRead) {
    Testbed bed;
    bed.add_record_file("scarlett-solo-3rd-gen.umockdev");
    bed.add_record_file("behringer-umc404hd.umockdev");
    // A private procfs root with only card 2's file: card 1's is missing.
    const std::filesystem::path proc = bed.root() / "private-proc";
    std::filesystem::create_directories(proc / "asound" / "card2");
    { std::ofstream(proc / "asound" / "card2" / "stream0") << read_data("behringer-umc404hd.stream0"); }

    UdevWatcher watcher(proc);
    Recorder recorder;
    recorder.attach(watcher);
    watcher.start();

    ASSERT_EQ(recorder.added.size(), 2u);
    const Device* solo = find_by_syspath(recorder.added, solo_card);
    const Device* umc = find_by_syspath(recorder.added, umc404hd_card);
    ASSERT_NE(solo, nullptr);
    ASSERT_NE(umc, nullptr);
    EXPECT_EQ(solo->capture_channels, 0);
    EXPECT_EQ(solo->playback_channels, 0);
    EXPECT_EQ(umc->capture_channels, 4);
    EXPECT_EQ(umc->playback_channels, 4);
}

TEST(UdevWatcherFd, FdIsValidBeforeAndAfterStart) {
    Testbed bed;
    UdevWatcher watcher;
    EXPECT_GE(watcher.fd(), 0);
    watcher.start();
    EXPECT_GE(watcher.fd(), 0);
    // Nothing pending: dispatch returns at once without reporting.
    Recorder recorder;
    recorder.attach(watcher);
    watcher.dispatch();
    EXPECT_TRUE(recorder.added.empty());
}

}  // namespace
}  // namespace headamp::hotplug::test
