// The devices present, as the control room looks them up (status, DEVICE:CH outputs, hardware requests).
// devices::PresentDevices is the real one; NoDevices stands in where headampd manages no devices.
#pragma once

#include <vector>

#include "control/records.hpp"

namespace headamp::control {

class DeviceDirectory {
public:
    virtual ~DeviceDirectory() = default;
    // Every device present (patched or waiting for its ports), in a stable order.
    virtual std::vector<DeviceRecord> present() const = 0;
};

class NoDevices final : public DeviceDirectory {
public:
    std::vector<DeviceRecord> present() const override { return {}; }
};

}  // namespace headamp::control
