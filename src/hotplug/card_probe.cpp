// Classification of sound cards by their udev ancestry: reads what udev knows, card_attributes decides.
#include "hotplug/card_probe.hpp"

#include "hotplug/stream_channels.hpp"

#include <libudev.h>

#include <cstring>

namespace headamp::hotplug {

namespace {

std::optional<std::string> text(const char* value) {
    return value == nullptr ? std::nullopt : std::optional<std::string>(value);
}

}  // namespace

bool is_sound_initialized(udev_device* card) noexcept {
    const char* value = udev_device_get_property_value(card, "SOUND_INITIALIZED");
    return value != nullptr && std::strcmp(value, "1") == 0;
}

std::optional<Device> probe_card(udev_device* card, const std::filesystem::path& proc_root) {
    CardAttributes attributes;
    attributes.sysname = text(udev_device_get_sysname(card));
    if (!attributes.sysname || !is_card_sysname(attributes.sysname->c_str())) return std::nullopt;
    attributes.syspath = text(udev_device_get_syspath(card));
    attributes.card_id = text(udev_device_get_sysattr_value(card, "id"));

    // Parents are owned by `card`; they live as long as it does and are never unref'd here.
    udev_device* interface = udev_device_get_parent_with_subsystem_devtype(card, "usb", "usb_interface");
    attributes.has_usb_interface = interface != nullptr;
    if (interface != nullptr) {
        attributes.interface_class = text(udev_device_get_sysattr_value(interface, "bInterfaceClass"));
        attributes.interface_driver = text(udev_device_get_driver(interface));
        udev_device* usb_device = udev_device_get_parent_with_subsystem_devtype(interface, "usb", "usb_device");
        attributes.has_usb_device = usb_device != nullptr;
        if (usb_device != nullptr) {
            attributes.usb_sysname = text(udev_device_get_sysname(usb_device));
            attributes.id_vendor = text(udev_device_get_sysattr_value(usb_device, "idVendor"));
            attributes.id_product = text(udev_device_get_sysattr_value(usb_device, "idProduct"));
            attributes.serial = text(udev_device_get_sysattr_value(usb_device, "serial"));
            attributes.manufacturer = text(udev_device_get_sysattr_value(usb_device, "manufacturer"));
            attributes.product = text(udev_device_get_sysattr_value(usb_device, "product"));
        }
    }
    std::optional<Device> device = describe_card(attributes);
    if (!device) return std::nullopt;

    // A missing stream0 (not snd-usb-audio after all, or procfs not mounted) leaves the counts at 0:
    // the device is still reported, and whoever opens its PCMs learns the real counts there.
    const StreamChannels channels = read_stream_channels(proc_root, device->card_number);
    device->capture_channels = channels.capture;
    device->playback_channels = channels.playback;
    return device;
}

}  // namespace headamp::hotplug
