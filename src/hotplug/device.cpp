// Device identity string.
#include "hotplug/device.hpp"

namespace headamp::hotplug {

std::string Device::identity() const {
    if (!station.empty()) return station;
    std::string id = vendor_id + ":" + product_id;
    if (!serial.empty()) return id + ":" + serial;
    return id + "@usb-" + port_path;
}

}  // namespace headamp::hotplug
