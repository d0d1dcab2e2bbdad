// What udev says about a sound card and its USB ancestors, as plain text, and the Device it describes.
#pragma once

#include "hotplug/device.hpp"

#include <optional>
#include <string>

namespace headamp::hotplug {

// The udev values probe_card() reads, untrimmed, exactly as libudev returns them; nothing where libudev
// returns NULL (no such attribute, or no such parent).
struct CardAttributes {
    std::optional<std::string> sysname;           // the card's sysname, "card1"
    std::optional<std::string> syspath;           // the card's sysfs path
    std::optional<std::string> card_id;           // the card's `id` attribute
    bool has_usb_interface = false;               // the card has a parent of devtype usb_interface
    std::optional<std::string> interface_class;   // that parent's bInterfaceClass, "01" for audio
    std::optional<std::string> interface_driver;  // that parent's driver, "snd-usb-audio"
    bool has_usb_device = false;                  // the interface has a parent of devtype usb_device
    std::optional<std::string> usb_sysname;       // that parent's sysname, "3-1": the port path
    std::optional<std::string> id_vendor;         // its idVendor, idProduct, serial, manufacturer, product
    std::optional<std::string> id_product;
    std::optional<std::string> serial;
    std::optional<std::string> manufacturer;
    std::optional<std::string> product;
};

// True for "card<digits>"; the sound subsystem also carries controlC*, pcmC*, midiC*, timer, seq…
bool is_card_sysname(const char* sysname) noexcept;

// N of "cardN"; -1 when the sysname is not one or N does not fit an int.
int card_number_of(const std::string& sysname) noexcept;

// idVendor/idProduct as 4 lowercase hex digits (surrounding whitespace dropped); empty when it is not that.
std::string usb_id(const std::optional<std::string>& attribute);

// The Device for a USB Audio Class interface's card, channel counts left at 0: the card is "cardN",
// its parent USB interface has class 01 and is driven by snd-usb-audio, and the USB device has
// readable ids and a port path. Nothing for anything else.
std::optional<Device> describe_card(const CardAttributes& card);

}  // namespace headamp::hotplug
