// A NetJACK2 station's stated latency (see station_latency.hpp).
#include "jack/station_latency.hpp"

namespace headamp::jack {

std::optional<StationLatency> station_latency_from(uint32_t period, uint32_t rate, uint32_t to_slave_playback,
                                                   std::optional<uint32_t> from_slave_capture) {
    if (period == 0 || rate == 0 || (2 * to_slave_playback) % period != 0) return std::nullopt;
    StationLatency latency;
    latency.periods = static_cast<int>(2 * to_slave_playback / period);
    if (from_slave_capture) {
        latency.round_trip_frames = to_slave_playback + *from_slave_capture;
        latency.round_trip_ms = 1000.0 * *latency.round_trip_frames / rate;
    }
    return latency;
}

namespace {

std::optional<uint32_t> stated(jack_client_t* client, const std::string& port, jack_latency_callback_mode_t mode) {
    jack_port_t* p = jack_port_by_name(client, port.c_str());
    if (!p) return std::nullopt;
    jack_latency_range_t range{};
    jack_port_get_latency_range(p, mode, &range);
    return static_cast<uint32_t>(range.max);  // a copy: the struct is packed
}

}  // namespace

std::optional<StationLatency> station_latency(const JackClient& client, const StationPorts& station) {
    if (station.to_slave.empty()) return std::nullopt;
    const auto to_slave = stated(client.handle(), station.to_slave.front(), JackPlaybackLatency);
    if (!to_slave) return std::nullopt;
    std::optional<uint32_t> from_slave;
    if (!station.from_slave.empty())
        from_slave = stated(client.handle(), station.from_slave.front(), JackCaptureLatency);
    return station_latency_from(client.buffer_size(), client.sample_rate(), *to_slave, from_slave);
}

}  // namespace headamp::jack
