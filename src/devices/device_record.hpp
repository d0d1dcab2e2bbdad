// A device as the control room sees it: the record (control/records.hpp) the manager's DeviceChange
// makes, without the hardware part (controls, direct monitor) that DeviceControls adds.
#pragma once

#include "control/records.hpp"
#include "devices/device_manager.hpp"

namespace headamp::devices {

control::DeviceRecord device_record(const DeviceChange& device);

}  // namespace headamp::devices
