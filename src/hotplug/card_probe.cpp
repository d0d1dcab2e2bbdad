// Classification of sound cards by their udev ancestry, and their Device description.
#include "hotplug/card_probe.hpp"

#include "hotplug/stream_channels.hpp"

#include <libudev.h>

#include <cctype>
#include <charconv>
#include <cstring>
#include <string_view>

namespace headamp::hotplug {

namespace {

std::string_view trim(std::string_view s)
{
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

// A sysfs attribute without surrounding whitespace; empty when absent.
std::string attribute(udev_device* dev, const char* name)
{
    const char* value = udev_device_get_sysattr_value(dev, name);
    return value == nullptr ? std::string{} : std::string(trim(value));
}

// idVendor/idProduct as 4 lowercase hex digits, or empty when the attribute is not that.
std::string usb_id(udev_device* usb_device, const char* name)
{
    std::string id = attribute(usb_device, name);
    if (id.size() != 4)
        return {};
    for (char& c : id) {
        const auto u = static_cast<unsigned char>(c);
        if (!std::isxdigit(u))
            return {};
        c = static_cast<char>(std::tolower(u));
    }
    return id;
}

int card_number_of(const char* sysname)
{
    const std::string_view digits = std::string_view(sysname).substr(4); // after "card"
    int number = -1;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (ec != std::errc{} || end != digits.data() + digits.size())
        return -1;
    return number;
}

} // namespace

bool is_card_sysname(const char* sysname) noexcept
{
    if (sysname == nullptr || std::strncmp(sysname, "card", 4) != 0 || sysname[4] == '\0')
        return false;
    for (const char* p = sysname + 4; *p != '\0'; ++p)
        if (!std::isdigit(static_cast<unsigned char>(*p)))
            return false;
    return true;
}

bool is_sound_initialized(udev_device* card) noexcept
{
    const char* value = udev_device_get_property_value(card, "SOUND_INITIALIZED");
    return value != nullptr && std::strcmp(value, "1") == 0;
}

std::optional<Device> probe_card(udev_device* card, const std::filesystem::path& proc_root)
{
    const char* sysname = udev_device_get_sysname(card);
    if (!is_card_sysname(sysname))
        return std::nullopt;

    // Parents are owned by `card`; they live as long as it does and are never unref'd here.
    udev_device* interface = udev_device_get_parent_with_subsystem_devtype(card, "usb", "usb_interface");
    if (interface == nullptr)
        return std::nullopt; // platform card (snd-dummy, snd-aloop), or a gadget's own card
    if (attribute(interface, "bInterfaceClass") != "01")
        return std::nullopt;
    const char* driver = udev_device_get_driver(interface);
    if (driver == nullptr || std::strcmp(driver, "snd-usb-audio") != 0)
        return std::nullopt;

    udev_device* usb_device = udev_device_get_parent_with_subsystem_devtype(interface, "usb", "usb_device");
    if (usb_device == nullptr)
        return std::nullopt;

    Device device;
    device.vendor_id = usb_id(usb_device, "idVendor");
    device.product_id = usb_id(usb_device, "idProduct");
    const char* usb_sysname = udev_device_get_sysname(usb_device);
    const char* syspath = udev_device_get_syspath(card);
    if (device.vendor_id.empty() || device.product_id.empty() || usb_sysname == nullptr || syspath == nullptr)
        return std::nullopt; // no stable identity to report it under
    device.serial = attribute(usb_device, "serial");
    device.port_path = usb_sysname;
    device.manufacturer = attribute(usb_device, "manufacturer");
    device.product = attribute(usb_device, "product");

    device.card_number = card_number_of(sysname);
    device.card_id = attribute(card, "id");
    device.syspath = syspath;

    // A missing stream0 (not snd-usb-audio after all, or procfs not mounted) leaves the counts at 0:
    // the device is still reported, and whoever opens its PCMs learns the real counts there.
    const StreamChannels channels = read_stream_channels(proc_root, device.card_number);
    device.capture_channels = channels.capture;
    device.playback_channels = channels.playback;
    return device;
}

} // namespace headamp::hotplug
