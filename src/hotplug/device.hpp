// A device as hotplug/ reports it: the stable identity of a USB audio interface plus what its current card looks like.
#pragma once

#include <string>

namespace headamp::hotplug {

struct Device {
    // Identity: the same for a device wherever and whenever it is plugged (see identity()).
    std::string vendor_id;   // USB idVendor, 4 lowercase hex digits, e.g. "1235"
    std::string product_id;  // USB idProduct, 4 lowercase hex digits, e.g. "8211"
    std::string serial;      // USB serial string; empty when the device has none
    std::string port_path;   // sysname of the USB device, e.g. "3-1" or "1-2.4": bus and port chain

    std::string manufacturer;  // USB manufacturer string, may be empty
    std::string product;       // USB product string, may be empty

    // The card: changes from plug to plug.
    int card_number = -1;  // N of hw:N
    std::string card_id;   // the card's `id` attribute, e.g. "USB" (usable as hw:USB)
    std::string syspath;   // sysfs path of the card device, e.g. /sys/devices/.../sound/card1

    // From /proc/asound/cardN/stream0; 0 when that file is missing or unreadable.
    int capture_channels = 0;
    int playback_channels = 0;

    // A NetJACK2 station (jack/station_ports) instead of a USB interface: its name, which is all of its
    // identity; it has no card (card_number -1). Its channels are its from_slave (capture) and
    // to_slave (playback) ports in the main server.
    std::string station;
    // Its proxy client in the main server: the station's name, or NAME-NN when JACK2 renamed it
    // because the old proxy of a station that rejoined was still there (jack/station_ports).
    std::string station_client;

    // A station's name; "1235:8211:Y7E3B3K2A5D4C1" with a serial, "1397:0509@usb-1-3" without one: a device without
    // a serial can only be told from its twin by where it is plugged in.
    std::string identity() const;

    bool operator==(const Device&) const = default;
};

}  // namespace headamp::hotplug
