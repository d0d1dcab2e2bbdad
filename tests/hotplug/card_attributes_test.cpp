// describe_card: which udev descriptions of a sound card make a Device, and what the Device says.
#include "hotplug/card_attributes.hpp"

#include <gtest/gtest.h>

namespace headamp::hotplug {
namespace {

// A Scarlett Solo as tests/hotplug/data/scarlett-solo-3rd-gen.umockdev records it.
CardAttributes scarlett_solo() {
    CardAttributes card;
    card.sysname = "card1";
    card.syspath = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/sound/card1";
    card.card_id = "USB";
    card.has_usb_interface = true;
    card.interface_class = "01";
    card.interface_driver = "snd-usb-audio";
    card.has_usb_device = true;
    card.usb_sysname = "1-2";
    card.id_vendor = "1235";
    card.id_product = "8211";
    card.serial = "Y7DNRNT0A47F2C";
    card.manufacturer = "Focusrite";
    card.product = "Scarlett Solo USB";
    return card;
}

TEST(DescribeCard, UsbAudioInterface) {
    const std::optional<Device> device = describe_card(scarlett_solo());
    ASSERT_TRUE(device);
    EXPECT_EQ(device->identity(), "1235:8211:Y7DNRNT0A47F2C");
    EXPECT_EQ(device->card_number, 1);
    EXPECT_EQ(device->card_id, "USB");
    EXPECT_EQ(device->port_path, "1-2");
    EXPECT_EQ(device->product, "Scarlett Solo USB");
    EXPECT_EQ(device->capture_channels, 0) << "channel counts come from stream0, not from udev";
}

TEST(DescribeCard, IdsAreLowercasedAndTrimmed) {
    CardAttributes card = scarlett_solo();
    card.id_vendor = "ABCD\n";
    card.id_product = " eF01";
    card.serial = "  S1 \n";
    card.interface_class = "01\n";
    const std::optional<Device> device = describe_card(card);
    ASSERT_TRUE(device);
    EXPECT_EQ(device->identity(), "abcd:ef01:S1");
}

TEST(DescribeCard, RefusesWhatIsNotAUsbAudioInterfaceCard) {
    const auto refused = [](auto change) {
        CardAttributes card = scarlett_solo();
        change(card);
        return !describe_card(card);
    };
    EXPECT_TRUE(refused([](CardAttributes& c) { c.sysname = "controlC1"; }));
    EXPECT_TRUE(refused([](CardAttributes& c) { c.sysname = std::nullopt; }));
    EXPECT_TRUE(refused([](CardAttributes& c) { c.has_usb_interface = false; })) << "snd-dummy, a gadget's card";
    EXPECT_TRUE(refused([](CardAttributes& c) { c.interface_class = "03"; }));
    EXPECT_TRUE(refused([](CardAttributes& c) { c.interface_driver = "snd-usb-caiaq"; }));
    EXPECT_TRUE(refused([](CardAttributes& c) { c.has_usb_device = false; }));
    EXPECT_TRUE(refused([](CardAttributes& c) { c.id_vendor = "12345"; }));
    EXPECT_TRUE(refused([](CardAttributes& c) { c.id_product = "82g1"; }));
    EXPECT_TRUE(refused([](CardAttributes& c) { c.id_product = std::nullopt; }));
    EXPECT_TRUE(refused([](CardAttributes& c) { c.usb_sysname = std::nullopt; }));
    // Found by fuzzing (tests/fuzz/corpus/udev_card/crash-*): an empty port path would give
    // serial-less twins one identity, and a card number no int holds was reported as card -1.
    EXPECT_TRUE(refused([](CardAttributes& c) { c.usb_sysname = ""; }));
    EXPECT_TRUE(refused([](CardAttributes& c) { c.sysname = "card99999999999"; }));
}

TEST(CardNumber, OfCardSysnames) {
    EXPECT_EQ(card_number_of("card0"), 0);
    EXPECT_EQ(card_number_of("card31"), 31);
    EXPECT_EQ(card_number_of("card"), -1);
    EXPECT_EQ(card_number_of("controlC0"), -1);
    EXPECT_EQ(card_number_of("card1a"), -1);
    EXPECT_EQ(card_number_of("card99999999999"), -1);
}

}  // namespace
}  // namespace headamp::hotplug
