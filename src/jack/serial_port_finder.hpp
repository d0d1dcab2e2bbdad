// The PipeWire card port finder: a card's JACK ports from the serials of its PipeWire ports
// (pipewire-jack gives every port the uuid index object.serial). Which serials are a card's comes from
// outside (pipewire/graph_model.hpp, through the daemon), so this room needs no libpipewire.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "jack/card_port_finder.hpp"

namespace headamp::jack {

// A channel's port as PipeWire names it: its object.serial and its port.name (the JACK name's short part).
struct SerialPort {
    std::uint64_t serial = 0;
    std::string short_name;
};

struct CardSerials {
    std::vector<SerialPort> capture;  // in channel order
    std::vector<SerialPort> playback;
};

class SerialPortFinder : public CardPortFinder {
public:
    using Lookup = std::function<CardSerials(int card_number)>;
    explicit SerialPortFinder(Lookup lookup) : lookup_(std::move(lookup)) {}
    // A direction is empty until every one of its serials has a JACK port of the same short name
    // (libjack may see a port a moment after PipeWire's registry does, or before; and serials start
    // again from low numbers when PipeWire restarts, so a stale view must not match a new serial).
    CardPorts find(const JackClient& client, int card_number, const std::string& card_id) const override;

private:
    Lookup lookup_;
};

}  // namespace headamp::jack
