// The devices present as the control room sees them (its DeviceDirectory): the DeviceManager's devices
// with their hardware part from DeviceControls. Joins the two: a device patched in has its card's
// controls opened, one that leaves has them closed, the manager saves each profile with its controls,
// and arrivals and departures are told to the subscribers.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "control/device_directory.hpp"
#include "control/event_sink.hpp"
#include "devices/device_controls.hpp"
#include "devices/device_manager.hpp"
#include "jack/station_latency.hpp"

namespace headamp::devices {

class PresentDevices final : public control::DeviceDirectory {
public:
    // `hardware` must outlive `manager` (the manager asks it for the profiles it saves to its end).
    PresentDevices(DeviceManager& manager, DeviceControls& hardware);
    ~PresentDevices() override;
    PresentDevices(const PresentDevices&) = delete;
    PresentDevices& operator=(const PresentDevices&) = delete;

    std::vector<control::DeviceRecord> present() const override;
    // One device as present() shows it.
    control::DeviceRecord record(const DeviceChange& device) const;

    // From now on arrivals and departures are also told to `events` (until then: to nobody).
    void announce_to(control::EventSink& events) { events_ = &events; }

    // A station's stated NetJACK2 latency, by its name (StationWatch); unset: none is shown.
    std::function<std::optional<jack::StationLatency>(const std::string& station)> station_latency;
    // Under PipeWire: how PipeWire has card N (its nodes, profile, quantum), for the records; unset or
    // nothing: the record has no PipeWire part.
    std::function<std::optional<control::PipeWireRecord>(int card)> describe_pipewire;

private:
    void changed(const DeviceChange& change);

    DeviceManager& manager_;
    DeviceControls& hardware_;
    control::NoEvents no_events_;
    control::EventSink* events_ = &no_events_;
};

}  // namespace headamp::devices
