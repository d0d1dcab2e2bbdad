// Devices to records (see device_record.hpp).
#include "devices/device_record.hpp"

namespace headamp::devices {

control::DeviceRecord device_record(const DeviceChange& c) {
    const hotplug::Device& d = c.device;
    control::DeviceRecord r;
    r.kind = d.station.empty() ? "usb" : "station";
    r.identity = d.identity();
    r.manufacturer = d.manufacturer;
    r.product = d.product;
    r.vendor_id = d.vendor_id;
    r.product_id = d.product_id;
    r.serial = d.serial;
    r.port_path = d.port_path;
    r.card = d.card_number;
    r.card_id = d.card_id;
    r.label = c.ports.label;
    r.capture_channels = d.capture_channels;
    r.playback_channels = d.playback_channels;
    r.bridged = c.bridged;
    r.patched = c.patched;
    r.capture_ports = c.ports.capture;
    r.playback_ports = c.ports.playback;
    r.sources = c.sources;
    r.outputs = c.outputs;
    for (const jack::BridgeStatus& b : c.bridges)
        r.bridges.push_back({b.name, jack::to_string(b.state), b.restarts, b.sync_losses, b.ratio});
    return r;
}

}  // namespace headamp::devices
