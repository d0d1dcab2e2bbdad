// The hardware mixer as the control room uses it: a device's ALSA controls, and the hardware part of a
// mix's master (hardware-first gain staging, alsa/gain_staging.hpp). devices::DeviceControls is the
// real one; NoHardwareMixer stands in where headampd manages no ALSA controls.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "control/records.hpp"
#include "control/request.hpp"

namespace headamp::control {

// A mix's master volume on its output's hardware, staged by a request and written when it commits.
struct MasterWrite {
    std::string mix;
    std::vector<long> values;  // what the hardware volume is to hold
    std::vector<long> before;  // what it holds now, to put back
    double software_db = 0.0;  // the rest of the master, in the mix's software gain
};

class HardwareMixer {
public:
    virtual ~HardwareMixer() = default;

    // Every control of a device (an identity the DeviceDirectory gave). Throws RequestError for what the
    // user got wrong; any other exception is a fault of headamp's and answers as an internal error.
    virtual std::vector<ControlRecord> list(const std::string& identity) const = 0;
    // One control (NAME or NAME,INDEX), set to `value` (amixer syntax) when given. Throws like list().
    virtual ControlRecord control(const std::string& identity, const std::string& name,
                                  const std::optional<std::string>& value) = 0;

    // The dB a mix's output hardware volume gives now (nothing: the software does it all); how a
    // requested master splits into that volume's values and a software part, written nowhere yet
    // (nothing: software only); and writing the volume (false: the card refused). The master users see
    // is the sum.
    virtual std::optional<double> master_hardware_db(const std::string& mix) const = 0;
    virtual std::optional<MasterWrite> stage_master(const std::string& mix, double master_db) const = 0;
    virtual bool set_master_hardware(const std::string& mix, const std::vector<long>& values) = 0;
};

class NoHardwareMixer final : public HardwareMixer {
public:
    std::vector<ControlRecord> list(const std::string&) const override { unavailable(); }
    ControlRecord control(const std::string&, const std::string&, const std::optional<std::string>&) override {
        unavailable();
    }
    std::optional<double> master_hardware_db(const std::string&) const override { return std::nullopt; }
    std::optional<MasterWrite> stage_master(const std::string&, double) const override { return std::nullopt; }
    bool set_master_hardware(const std::string&, const std::vector<long>&) override { return false; }

private:
    [[noreturn]] static void unavailable() {
        throw RequestError("hardware controls are not available: this headampd does not manage ALSA controls");
    }
};

}  // namespace headamp::control
