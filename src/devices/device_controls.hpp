// The hardware controls of the devices present: each card's ALSA controls opened and watched in the main
// loop, mirrored to subscribers, restored from the device's profile, its direct monitor turned off while
// headamp monitors in software, and its output volume driving the master of the mix that plays on it.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "alsa/card_controls.hpp"
#include "alsa/direct_monitor.hpp"
#include "control/event_sink.hpp"
#include "control/hardware_mixer.hpp"
#include "control/records.hpp"
#include "devices/device_manager.hpp"
#include "jack/jack_session.hpp"
#include "util/main_loop.hpp"

namespace headamp::devices {

// A request the user got wrong (unknown control, bad value): the message says what would be valid. The
// control socket answers it as a refusal.
class ControlError : public control::RequestError {
public:
    using control::RequestError::RequestError;
};

// The control room's HardwareMixer (control/hardware_mixer.hpp).
class DeviceControls final : public control::HardwareMixer {
public:
    // alsa_config: ALSA configuration text in which "hw:N" is looked up instead of the system's
    // (headampd's $HEADAMP_ALSA_CONFIG; the tests' recorded cards).
    DeviceControls(MainLoop& loop, const jack::JackSession& session, std::optional<std::string> alsa_config);
    // Puts every direct monitor back and closes the cards.
    ~DeviceControls() override;
    DeviceControls(const DeviceControls&) = delete;
    DeviceControls& operator=(const DeviceControls&) = delete;

    // A device was patched in: opens its card, restores the saved values (never phantom power, pad or
    // air), turns the direct monitor off unless its policy says "leave". A card that cannot be opened
    // is logged; the device works without hardware controls.
    void open(const DeviceChange& device);
    // The device left (or is replaced): direct monitor put back when the card is still there, closed.
    void close(const std::string& identity);

    // {"direct_monitor": "off"|"leave", "controls": [...]} for the profile; the direct-monitor controls
    // headamp silenced are saved as they were before. Nothing for a device without controls.
    std::optional<nlohmann::json> saved_state(const std::string& identity) const;

    // Every control of the device: name, index, kind, category, channels, values, dB, ranges, items.
    std::vector<control::ControlRecord> list(const std::string& identity) const override;
    // One control (NAME or NAME,INDEX; case-insensitive, unique prefix), set to `value` (amixer syntax)
    // when given. Throws ControlError.
    control::ControlRecord control(const std::string& identity, const std::string& name,
                                   const std::optional<std::string>& value) override;
    // How many controls the device has (nothing: none opened).
    std::optional<std::size_t> controls_count(const std::string& identity) const;
    std::string direct_monitor(const std::string& identity) const;  // "off", "leave", or "" without controls

    // Hardware-first gain staging (alsa/gain_staging.hpp) for a mix that plays on a device output with a
    // hardware volume: the dB the hardware gives now, and how a requested master would be split, written
    // nowhere yet (the request may still be refused); then writing the hardware's part (false: the card
    // refused). Nothing: the mix has no such volume, the software does it all.
    std::optional<double> master_hardware_db(const std::string& mix) const override;
    std::optional<control::MasterWrite> stage_master(const std::string& mix, double master_db) const override;
    bool set_master_hardware(const std::string& mix, const alsa::ControlValues& values) override;

    // From now on, a control changed elsewhere (amixer, a knob) and the hardware part of a mix's master
    // changed elsewhere are told to `events` (until then: to nobody). `events` must outlive the cards'
    // polling, i.e. this object's use in the main loop.
    void announce_to(control::EventSink& events) { events_ = &events; }

    // Whether someone else sets card N's hardware output volume (PipeWire in a desktop profile: its sink
    // volume is split between the card's PCM volume and software). Then headamp neither restores that
    // volume nor drives it with a mix's master: the master is software only there. Asked on every
    // master, so a profile changed at run time counts. Unset: headamp's.
    std::function<bool(int card)> volume_driven_elsewhere;

private:
    struct Card {
        std::string identity;
        int card_number = -1;
        std::vector<std::string> playback;  // the device's JACK playback ports, in channel order
        alsa::DirectMonitorPolicy policy = alsa::DirectMonitorPolicy::Off;
        std::unique_ptr<alsa::CardControls> controls;
        std::unique_ptr<alsa::DirectMonitor> monitor;  // destroyed before `controls`
        std::vector<int> watched;
        std::optional<nlohmann::json> last_state;  // kept after the card is gone, for the profile
    };

    void watch(Card& card);
    void unwatch(Card& card);
    void drop(Card& card);  // direct monitor released, fds unwatched, card closed; last_state kept
    const Card* card_of(const std::string& identity) const;
    Card& require(const std::string& identity) const;
    // The hardware volume of the output pair a mix plays on.
    std::optional<std::pair<Card*, const alsa::ControlInfo*>> volume_for(const std::string& mix) const;
    std::optional<nlohmann::json> state_of(const Card& card) const;
    bool elsewhere(const Card& card) const;  // volume_driven_elsewhere says so
    // The saved state to restore: without the output volumes when someone else drives them (said in the log).
    nlohmann::json restorable(const Card& card, const nlohmann::json& saved) const;

    MainLoop& loop_;
    const jack::JackSession& session_;
    control::NoEvents no_events_;
    control::EventSink* events_ = &no_events_;
    std::optional<std::string> alsa_config_;
    std::map<std::string, std::unique_ptr<Card>> cards_;  // by identity
    int tick_ = -1;
};

// A control as the control socket shows it.
control::ControlRecord control_record(const alsa::ControlInfo& info, const alsa::ControlValues& values);

}  // namespace headamp::devices
