// The devices present, with their hardware part (see present_devices.hpp).
#include "devices/present_devices.hpp"

#include "devices/device_record.hpp"

namespace headamp::devices {

PresentDevices::PresentDevices(DeviceManager& manager, DeviceControls& hardware)
    : manager_(manager), hardware_(hardware) {
    // Captures the controls, not this: the manager saves profiles in its destructor, after ours.
    manager_.hardware_state = [&hardware](const std::string& identity) { return hardware.saved_state(identity); };
    manager_.on_device_change = [this](const DeviceChange& change) { changed(change); };
}

PresentDevices::~PresentDevices() { manager_.on_device_change = nullptr; }

std::vector<control::DeviceRecord> PresentDevices::present() const {
    std::vector<control::DeviceRecord> records;
    for (const DeviceChange& d : manager_.present()) records.push_back(record(d));
    return records;
}

control::DeviceRecord PresentDevices::record(const DeviceChange& device) const {
    control::DeviceRecord r = device_record(device);
    r.controls = hardware_.controls_count(r.identity);
    r.direct_monitor = hardware_.direct_monitor(r.identity);
    if (!device.device.station.empty() && station_latency)
        if (const auto latency = station_latency(device.device.station)) {
            r.latency_periods = latency->periods;
            r.round_trip_ms = latency->round_trip_ms;
        }
    if (describe_pipewire && device.device.station.empty()) r.pipewire = describe_pipewire(r.card);
    return r;
}

void PresentDevices::changed(const DeviceChange& change) {
    const bool added = change.kind == DeviceChange::Kind::Added;
    if (change.device.station.empty() && added)  // a station has no card, so no controls
        hardware_.open(change);
    else
        hardware_.close(change.device.identity());
    events_->device_changed(added ? "added" : "removed", record(change));
}

}  // namespace headamp::devices
