// The JACK server headamp starts (see server_starter.hpp).
#include "devices/server_starter.hpp"

#include <algorithm>

#include "util/log.hpp"

namespace headamp::devices {

namespace {

constexpr std::chrono::milliseconds kHeldPoll{20};

std::string joined(const std::vector<std::string>& words) {
    std::string text;
    for (const std::string& w : words) text += (text.empty() ? "" : " ") + w;
    return text;
}

}  // namespace

ServerStarter::ServerStarter(MainLoop& loop, jack::JackSession& session, DeviceManager& devices,
                             jack::ServerSettings settings, bool enabled, std::vector<std::string> env)
    : loop_(loop),
      session_(session),
      devices_(devices),
      settings_(std::move(settings)),
      enabled_(enabled),
      env_(std::move(env)) {
    tick_id_ = loop_.add_tick([this](Clock::time_point now) { return tick(now); });
}

ServerStarter::~ServerStarter() {
    loop_.remove_tick(tick_id_);
    if (server_) stop("headampd is stopping");
}

std::optional<std::string> ServerStarter::carrier() const {
    if (!carrier_) return std::nullopt;
    return carrier_->identity();
}

std::optional<pid_t> ServerStarter::pid() const {
    if (!server_) return std::nullopt;
    return server_->pid();
}

void ServerStarter::add(const hotplug::Device& device) {
    const std::string identity = device.identity();
    std::erase_if(present_, [&](const hotplug::Device& d) { return d.identity() == identity; });
    present_.push_back(device);
    if (held_ && held_->identity() == identity && held_->card_number == device.card_number) return;  // seen twice
    if (carrier_ && carrier_->identity() == identity && carrier_->card_number != device.card_number) {
        // Reported again under another card: the server holds a card that is gone.
        devices_.remove(*carrier_);
        held_.reset();
        stop("its device came back as card " + std::to_string(device.card_number));
    }
    if (!server_ && !session_.connect_now()) {
        if (enabled_) {
            start_on(device, "no JACK server is running");
            return;
        }
        if (!said_disabled_ && !never_why_.empty())
            log::notice("no JACK server answers yet; not starting one for card ", device.card_number, " (", never_why_,
                        ")");
        else if (!said_disabled_)
            log::notice("no JACK server is running and jack.start_server is off: not starting one for card ",
                        device.card_number);
        said_disabled_ = true;
    }
    devices_.add(device);
}

void ServerStarter::remove(const hotplug::Device& device) {
    const std::string identity = device.identity();
    std::erase_if(present_, [&](const hotplug::Device& d) { return d.identity() == identity; });
    if (held_ && held_->identity() == identity) held_.reset();
    // Unpatched while the server still runs; the device manager ignores a device it does not have.
    devices_.remove(device);
    if (!carrier_ || carrier_->identity() != identity) return;
    stop("its device left");
    if (present_.empty()) {
        log::notice("no other USB audio interface is present: headamp waits for a JACK server or the next one");
        return;
    }
    const hotplug::Device next = present_.front();
    // Its bridges hold the card open: they go before jackd opens it, and it comes back as JACK's own device.
    devices_.remove(next);
    start_on(next, "the JACK server's device left and this one is still here");
}

void ServerStarter::start_on(const hotplug::Device& device, const std::string& why) {
    const std::string card = device.card_id.empty() ? std::to_string(device.card_number) : device.card_id;
    const std::vector<std::string> argv = jack::server_command(settings_, card);
    log::notice("starting a JACK server on card ", device.card_number, " '", device.card_id, "' (", device.manufacturer,
                " ", device.product, ") because ", why, ": ", joined(argv),
                env_.empty() ? "" : " with " + joined(env_));
    carrier_ = device;
    held_ = device;
    held_since_ = Clock::now();
    ++starts_;
    server_ = std::make_unique<jack::SupervisedProcess>(loop_, settings_.name.value_or("default"), argv, env_,
                                                        "JACK server", jack::StopRequest{SIGTERM, kStopGrace});
    server_->on_start = [this](jack::SupervisedProcess&) { session_.retry_soon(); };
    session_.retry_soon();
}

void ServerStarter::stop(const std::string& why) {
    log::notice("stopping the JACK server that headamp started on card ", carrier_ ? carrier_->card_number : -1, " (",
                why, ")");
    session_.release("the JACK server headamp started is stopping");
    server_.reset();  // SIGTERM, then SIGKILL; reaped
    carrier_.reset();
    held_.reset();
}

std::optional<std::chrono::milliseconds> ServerStarter::tick(Clock::time_point now) {
    if (!held_) return std::nullopt;
    if (!session_.connected()) {
        held_since_ = now;  // the wait for aliases starts once the server takes clients
        return kHeldPoll;
    }
    const jack::CardPorts ports = session_.card_ports(held_->card_number, held_->card_id);
    const bool aliased = (held_->capture_channels == 0 || !ports.capture.empty()) &&
                         (held_->playback_channels == 0 || !ports.playback.empty());
    if (!aliased && now - held_since_ < kAliasWait) return kHeldPoll;
    if (!aliased)
        log::warning("the JACK server on card ", held_->card_number,
                     " shows no ALSA port aliases; bringing the device in like any other");
    const hotplug::Device device = *held_;
    held_.reset();
    devices_.add(device);
    return std::nullopt;
}

}  // namespace headamp::devices
