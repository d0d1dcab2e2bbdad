// The pure half of card probing: udev's text values to a Device, with every value checked.
#include "hotplug/card_attributes.hpp"

#include <cctype>
#include <charconv>
#include <cstring>
#include <string_view>

#include "util/text.hpp"

namespace headamp::hotplug {

namespace {

// A sysfs attribute without surrounding whitespace; empty when absent.
std::string trimmed(const std::optional<std::string>& value) {
    return value ? std::string(trim(*value)) : std::string{};
}

}  // namespace

bool is_card_sysname(const char* sysname) noexcept {
    if (sysname == nullptr || std::strncmp(sysname, "card", 4) != 0 || sysname[4] == '\0') return false;
    for (const char* p = sysname + 4; *p != '\0'; ++p)
        if (!std::isdigit(static_cast<unsigned char>(*p))) return false;
    return true;
}

int card_number_of(const std::string& sysname) noexcept {
    if (!is_card_sysname(sysname.c_str())) return -1;
    const std::string_view digits = std::string_view(sysname).substr(4);  // after "card"
    int number = -1;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (ec != std::errc{} || end != digits.data() + digits.size()) return -1;
    return number;
}

std::string usb_id(const std::optional<std::string>& attribute) {
    std::string id = trimmed(attribute);
    if (id.size() != 4) return {};
    for (char& c : id) {
        const auto u = static_cast<unsigned char>(c);
        if (!std::isxdigit(u)) return {};
        c = static_cast<char>(std::tolower(u));
    }
    return id;
}

std::optional<Device> describe_card(const CardAttributes& card) {
    if (!card.sysname || !is_card_sysname(card.sysname->c_str())) return std::nullopt;
    if (!card.has_usb_interface) return std::nullopt;  // platform card (snd-dummy, snd-aloop), or a gadget's own card
    if (trimmed(card.interface_class) != "01") return std::nullopt;
    if (card.interface_driver != "snd-usb-audio") return std::nullopt;
    if (!card.has_usb_device) return std::nullopt;

    Device device;
    device.vendor_id = usb_id(card.id_vendor);
    device.product_id = usb_id(card.id_product);
    device.card_number = card_number_of(*card.sysname);
    // Without a port path, two serial-less twins would share one identity (and one saved profile).
    if (device.vendor_id.empty() || device.product_id.empty() || !card.usb_sysname || card.usb_sysname->empty() ||
        !card.syspath)
        return std::nullopt;                          // no stable identity to report it under
    if (device.card_number < 0) return std::nullopt;  // "card" and digits that no int holds: no hw:N to open
    device.serial = trimmed(card.serial);
    device.port_path = *card.usb_sysname;
    device.manufacturer = trimmed(card.manufacturer);
    device.product = trimmed(card.product);
    device.card_id = trimmed(card.card_id);
    device.syspath = *card.syspath;
    return device;
}

}  // namespace headamp::hotplug
