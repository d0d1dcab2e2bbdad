// headamp's PipeWire connection in the main loop (see pipewire_watch.hpp).
#include "daemon/pipewire_watch.hpp"

#include <algorithm>

#include "util/log.hpp"

namespace headamp::daemon {

namespace {

std::string value_or(const pipewire::Properties& props, const char* key, const std::string& fallback = {}) {
    const auto it = props.find(key);
    return it == props.end() ? fallback : it->second;
}

}  // namespace

PipeWireWatch::PipeWireWatch(MainLoop& loop, bool pro_audio)
    : loop_(loop), pro_audio_(pro_audio), next_attempt_(Clock::now()) {
    graph_.on_device = [this](std::uint32_t id, const pipewire::Properties& props) { on_device(id, props); };
    graph_.on_profile = [this](std::uint32_t id, const std::string& profile) { on_profile(id, profile); };
    tick_ = loop_.add_tick([this](Clock::time_point now) { return tick(now); });
}

PipeWireWatch::~PipeWireWatch() {
    loop_.remove_tick(tick_);
    if (watching_) loop_.unwatch(graph_.fd());
}

jack::CardSerials PipeWireWatch::card_serials(int card_number) const {
    const pipewire::CardChannels channels = graph_.model().card_channels(card_number);
    const auto ports = [](const std::vector<pipewire::ChannelPort>& in) {
        std::vector<jack::SerialPort> out;
        for (const pipewire::ChannelPort& p : in) out.push_back({p.serial, p.name});
        return out;
    };
    return {ports(channels.capture), ports(channels.playback)};
}

std::optional<control::PipeWireRecord> PipeWireWatch::describe(int card_number, std::uint32_t quantum) const {
    const pipewire::CardProfile p = pipewire::card_profile(graph_.model().card_nodes(card_number));
    if (p.nodes.empty()) return std::nullopt;
    return control::PipeWireRecord{p.nodes, p.description, p.profile, quantum, p.pipewire_drives_volume};
}

bool PipeWireWatch::drives_volume(int card_number) const {
    return pipewire::card_profile(graph_.model().card_nodes(card_number)).pipewire_drives_volume;
}

std::optional<std::chrono::milliseconds> PipeWireWatch::tick(Clock::time_point now) {
    if (graph_.connected()) return std::nullopt;
    if (watching_) {  // it went away during the last dispatch
        log::warning("PipeWire went away; reconnecting");
        // libjack's client went with it, whether or not pipewire-jack says so (0.3.65 does not).
        if (on_lost) on_lost();
        loop_.unwatch(graph_.fd());
        watching_ = false;
        switched_.clear();
        devices_.clear();
        backoff_ = kFirstRetry;
        next_attempt_ = now + kFirstRetry;
    }
    if (now < next_attempt_) return std::chrono::duration_cast<std::chrono::milliseconds>(next_attempt_ - now);
    if (!graph_.connect()) {
        if (!warned_) log::warning("PipeWire does not answer; retrying until it is there");
        warned_ = true;
        next_attempt_ = now + backoff_;
        backoff_ = std::min(backoff_ * 2, kLongestRetry);
        return backoff_;
    }
    log::notice("connected to PipeWire (its graph: which ports are which card's)");
    warned_ = false;
    backoff_ = kFirstRetry;
    loop_.watch(graph_.fd(), [this](short) { graph_.dispatch(); });
    watching_ = true;
    return std::nullopt;
}

void PipeWireWatch::on_device(std::uint32_t id, const pipewire::Properties& props) {
    const std::string card = value_or(props, "api.alsa.card");
    if (card.empty()) return;  // not an ALSA card
    const std::string name = value_or(props, "device.name", std::to_string(id));
    const std::string description = value_or(props, "device.description", name);
    // A USB interface only: the bus is said by udev's ID_BUS (device.bus) or in the bus path.
    const bool usb = value_or(props, "device.bus") == "usb" || value_or(props, "device.bus-path").find("usb") == 0;
    if (!usb || !switched_.insert(name).second) return;
    if (!pro_audio_) {
        log::info("card ", card, " (", description,
                  "): leaving its PipeWire profile as it is ([pipewire] profile = keep)");
        return;
    }
    Switched& d = devices_[id];
    d = Switched{};
    d.card = card;
    d.description = description;
    switch_to_pro_audio(id);
}

void PipeWireWatch::switch_to_pro_audio(std::uint32_t id) {
    Switched& d = devices_.at(id);
    ++d.switches;
    graph_.set_profile(id, "pro-audio", [this, id](bool done) {
        const auto it = devices_.find(id);
        if (it == devices_.end()) return;
        Switched& s = it->second;
        if (!done) {
            log::warning("card ", s.card, " (", s.description,
                         ") has no pro-audio profile in PipeWire; using the channels its profile shows");
            devices_.erase(it);
            return;
        }
        s.asked = true;
        s.asked_at = Clock::now();
        s.before = s.current;  // what it said before this answer: a late report of it is not a change
        log::debug("card ", s.card, ": asked PipeWire for its pro-audio profile (switch ", s.switches, ")");
    });
}

void PipeWireWatch::on_profile(std::uint32_t id, const std::string& profile) {
    const auto it = devices_.find(id);
    if (it == devices_.end()) return;  // not a USB interface headamp switches
    Switched& d = it->second;
    d.current = profile;
    if (profile == "pro-audio") {
        if (!d.on_it)
            log::notice("card ", d.card, " (", d.description,
                        ") is on PipeWire's pro-audio profile: every channel, no PipeWire volume");
        d.on_it = true;
        d.left_alone = false;
        return;
    }
    const bool was_on_it = d.on_it;
    d.on_it = false;
    // Until the switch is sent and answered, and while it says the profile it had then (such reports
    // come late), the device has not answered; a new profile, or leaving pro-audio, is somebody's choice.
    if (!d.asked || (profile == d.before && !was_on_it) || d.left_alone) return;
    if (Clock::now() - d.asked_at < kSettle && d.switches < kMostSwitches) {
        log::notice("card ", d.card, " (", d.description, "): the session manager put it on \"", profile,
                    "\"; switching it to pro-audio again");
        d.asked = false;
        switch_to_pro_audio(id);
        return;
    }
    log::warning("card ", d.card, " (", d.description, ") was moved to the \"", profile,
                 "\" profile outside headamp; keeping it and using the channels it shows");
    d.left_alone = true;
}

}  // namespace headamp::daemon
