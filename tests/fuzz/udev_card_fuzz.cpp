// Fuzz target: what udev says about a sound card and its USB parents, turned into a Device and the
// name of the file its profile is saved in. Input: NUL-separated "key=value" records, keys as below.
#include "fuzz_target.hpp"

#include <map>
#include <string>

#include "devices/device_store.hpp"
#include "hotplug/card_attributes.hpp"

using namespace headamp;

namespace {

std::optional<std::string> take(std::map<std::string, std::string>& records, const char* key) {
    const auto it = records.find(key);
    if (it == records.end()) return std::nullopt;
    return it->second;
}

bool lower_hex4(const std::string& id) {
    return id.size() == 4 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// The inverse of DeviceStore::file_for's escaping ("%" before a name that would start with a dot, %XX
// for each byte outside [A-Za-z0-9._:@+-]), to show that two identities never share a file.
std::optional<std::string> unescape(std::string stem) {
    if (stem == "%" || stem.starts_with("%.")) stem.erase(0, 1);
    std::string out;
    for (std::size_t i = 0; i < stem.size(); ++i) {
        if (stem[i] != '%') {
            out += stem[i];
            continue;
        }
        if (i + 2 >= stem.size() || !std::isxdigit(static_cast<unsigned char>(stem[i + 1])) ||
            !std::isxdigit(static_cast<unsigned char>(stem[i + 2])))
            return std::nullopt;
        out += static_cast<char>(std::stoi(stem.substr(i + 1, 2), nullptr, 16));
        i += 2;
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::FuzzInput input(data, size);
    std::map<std::string, std::string> records;
    while (!input.empty()) {
        const std::string_view record = input.field('\0');
        const std::size_t eq = record.find('=');
        if (eq != std::string_view::npos)
            records[std::string(record.substr(0, eq))] = std::string(record.substr(eq + 1));
    }
    hotplug::CardAttributes card;
    card.sysname = take(records, "sysname");
    card.syspath = take(records, "syspath");
    card.card_id = take(records, "id");
    card.has_usb_interface = records.count("usb_interface") != 0;
    card.interface_class = take(records, "bInterfaceClass");
    card.interface_driver = take(records, "driver");
    card.has_usb_device = records.count("usb_device") != 0;
    card.usb_sysname = take(records, "usb_sysname");
    card.id_vendor = take(records, "idVendor");
    card.id_product = take(records, "idProduct");
    card.serial = take(records, "serial");
    card.manufacturer = take(records, "manufacturer");
    card.product = take(records, "product");

    if (card.sysname) {
        const int number = hotplug::card_number_of(*card.sysname);
        FUZZ_CHECK(number == -1 || (number >= 0 && hotplug::is_card_sysname(card.sysname->c_str())), *card.sysname);
    }
    const std::optional<hotplug::Device> device = hotplug::describe_card(card);
    if (!device) return 0;
    FUZZ_CHECK(lower_hex4(device->vendor_id) && lower_hex4(device->product_id),
               device->vendor_id + ":" + device->product_id);
    FUZZ_CHECK(device->card_number >= 0, "a device was reported without a card number to open: " + *card.sysname);
    FUZZ_CHECK(!device->port_path.empty(), "a device without a serial would have no place in its identity");

    const std::string identity = device->identity();
    FUZZ_CHECK(identity.rfind(device->vendor_id + ":" + device->product_id, 0) == 0, identity);
    const devices::DeviceStore store("/state/devices");
    const std::filesystem::path file = store.file_for(identity);
    const std::string name = file.filename().string();
    FUZZ_CHECK(file.parent_path() == store.dir(), "the profile of " + identity + " would leave the directory");
    FUZZ_CHECK(name.size() > 5 && name.ends_with(".json") && name.front() != '.' && name.find('/') == std::string::npos,
               name);
    FUZZ_CHECK(unescape(name.substr(0, name.size() - 5)) == identity,
               "the file name " + name + " does not give back the identity " + identity);
    return 0;
}
