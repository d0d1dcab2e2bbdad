// A NetJACK2 station's latency as its proxy client in the main server states it: netmanager sets
// the playback latency of to_slave_N to l*period/2 and the capture latency of from_slave_N to
// l*period/2, plus one period in NetJACK2's default async mode (l: the station's `-l`). Neither
// alone is what is heard, but their sum is the round trip main -> station -> main, (l+1) periods,
// which tests/stations measures through a loop at the station.
#pragma once

#include <cstdint>
#include <optional>

#include "jack/jack_client.hpp"
#include "jack/station_ports.hpp"

namespace headamp::jack {

struct StationLatency {
    int periods = 0;                            // NetJACK2's network latency (`-l`), in periods
    std::optional<uint32_t> round_trip_frames;  // nothing: the station sends nothing back
    std::optional<double> round_trip_ms;        // the same in milliseconds at the server's rate
    bool operator==(const StationLatency&) const = default;
};

// Pure: from the two stated latencies (frames) at `period` frames and `rate` Hz; nothing when the
// to_slave latency is not a whole number of half periods (not what netmanager states).
std::optional<StationLatency> station_latency_from(uint32_t period, uint32_t rate, uint32_t to_slave_playback,
                                                   std::optional<uint32_t> from_slave_capture);

// Reads the ranges of `station`'s first to_slave and from_slave port in the server `client` is on.
std::optional<StationLatency> station_latency(const JackClient& client, const StationPorts& station);

}  // namespace headamp::jack
