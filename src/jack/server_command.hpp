// The command line and environment of a JACK server that headampd starts on a device's card.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace headamp::jack {

// How headampd starts jackd; the defaults are JACK2's ALSA backend. Tests put a wrapper here that
// runs the dummy backend instead.
struct ServerSettings {
    std::vector<std::string> command{"jackd"};
    std::optional<std::string> name;  // the server name (-n); nothing: jackd's own default
    int rate = 48000;
    int period = 256;  // frames per period
    int nperiods = 3;  // periods per buffer
};

// "<command> [-n NAME] -d alsa -d hw:<card> -r RATE -p PERIOD -n NPERIODS". `card` is the card's id
// when it has one (stable while the device stays plugged, and what `aplay -l` shows), else its number.
std::vector<std::string> server_command(const ServerSettings& settings, const std::string& card);

// The environment jackd needs beyond headampd's own: without a D-Bus session bus (a headless box, a
// system service) JACK2 cannot reserve the card through org.freedesktop.ReserveDevice1 and gives up
// with "Audio device hw:N cannot be acquired" unless JACK_NO_AUDIO_RESERVATION is set.
std::vector<std::string> server_environment(bool have_session_bus);

}  // namespace headamp::jack
