// Device identity strings and the libudev handle owners.
#include "hotplug/device.hpp"
#include "hotplug/udev_handles.hpp"

#include <gtest/gtest.h>

#include <utility>

namespace headamp::hotplug {
namespace {

TEST(DeviceIdentity, SerialWhenThereIsOne) {
    Device d;
    d.vendor_id = "1235";
    d.product_id = "8210";
    d.serial = "ABC123";
    d.port_path = "3-1";
    EXPECT_EQ(d.identity(), "1235:8210:ABC123");
    d.port_path = "1-4.2";
    d.card_number = 7;
    EXPECT_EQ(d.identity(), "1235:8210:ABC123") << "port and card are not part of a serial identity";
}

TEST(DeviceIdentity, PortPathWithoutSerial) {
    Device d;
    d.vendor_id = "1397";
    d.product_id = "0509";
    d.port_path = "3-1";
    EXPECT_EQ(d.identity(), "1397:0509@usb-3-1");
    d.port_path = "1-4.2";
    EXPECT_EQ(d.identity(), "1397:0509@usb-1-4.2");
}

TEST(UdevHandle, MoveTransfersOwnership) {
    // udev_new needs no devices; the handle must free it exactly once (ASan/valgrind would see a
    // double unref), and a moved-from handle is empty.
    Udev a(udev_new());
    ASSERT_TRUE(a);
    udev* raw = a.get();
    Udev b(std::move(a));
    EXPECT_FALSE(a);  // NOLINT(bugprone-use-after-move): checking the moved-from state is the point
    EXPECT_EQ(b.get(), raw);
    Udev c;
    c = std::move(b);
    EXPECT_FALSE(b);  // NOLINT(bugprone-use-after-move)
    EXPECT_EQ(c.get(), raw);
    c.reset();
    EXPECT_FALSE(c);
}

TEST(UdevHandle, HoldsItsOwnReference) {
    // Two owners of the same context, each with its own reference: releasing one leaves the other valid.
    Udev a(udev_new());
    ASSERT_TRUE(a);
    Udev b(udev_ref(a.get()));
    EXPECT_EQ(a.get(), b.get());
    a.reset();
    UdevEnumerate e(udev_enumerate_new(b.get()));
    EXPECT_TRUE(e);
    EXPECT_EQ(udev_enumerate_get_udev(e.get()), b.get());
}

}  // namespace
}  // namespace headamp::hotplug
