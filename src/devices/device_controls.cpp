// The devices' hardware controls (see device_controls.hpp).
#include "devices/device_controls.hpp"

#include <algorithm>
#include <cmath>

#include "alsa/control_lookup.hpp"
#include "alsa/control_state.hpp"
#include "alsa/gain_staging.hpp"
#include "alsa/value_syntax.hpp"
#include "core/db.hpp"
#include "util/log.hpp"

namespace headamp::devices {

namespace {

std::optional<double> finite_or_nothing(double db) { return std::isfinite(db) ? std::optional(db) : std::nullopt; }

// The value a saved-state entry would hold for raw `x` (control_state.cpp's format).
nlohmann::json saved_value(const alsa::ControlInfo& c, long x) {
    if (c.kind == alsa::Kind::Enumeration && x >= 0 && static_cast<std::size_t>(x) < c.items.size())
        return c.items[static_cast<std::size_t>(x)];
    if (c.kind == alsa::Kind::Switch) return x != 0;
    return x;
}

// Whether a saved-state entry names one of the card's output volumes.
bool output_volume(const alsa::CardControls& controls, const nlohmann::json& entry) {
    if (!entry.is_object()) return false;
    const auto name = entry.find("name");
    const auto index = entry.find("index");
    if (name == entry.end() || !name->is_string()) return false;
    const alsa::ControlInfo* c = controls.find(
        {name->get<std::string>(), index != entry.end() && index->is_number_unsigned() ? index->get<unsigned>() : 0u});
    return c && c->category == alsa::Category::Output && c->kind == alsa::Kind::Volume;
}

}  // namespace

control::ControlRecord control_record(const alsa::ControlInfo& c, const alsa::ControlValues& values) {
    control::ControlRecord r;
    r.name = c.id.name;
    r.index = c.id.index;
    r.kind = alsa::kind_name(c.kind);
    r.category = alsa::category_name(c.category);
    r.channels = c.channels;
    r.writable = c.writable;
    r.values = values;
    if (c.kind == alsa::Kind::Volume) {
        r.min = c.raw_min;
        r.max = c.raw_max;
        if (c.db) {
            r.db.emplace();
            for (long v : values) r.db->push_back(finite_or_nothing(c.db->to_db(v)));
            r.db_min = c.db->min_db();
            r.db_max = c.db->max_db();
            if (!values.empty()) {
                const double db = c.db->to_db(values.front());
                char buf[32];
                std::snprintf(buf, sizeof buf, "%.2fdB", db);
                r.value = std::isfinite(db) ? buf : "mute";
            }
        } else if (!values.empty()) {
            r.value = std::to_string(std::lround(alsa::raw_to_percent(values.front(), c.raw_min, c.raw_max))) + "%";
        }
    } else if (c.kind == alsa::Kind::Switch && !values.empty()) {
        r.value = values.front() ? "on" : "off";
    } else if (c.kind == alsa::Kind::Enumeration) {
        r.items = c.items;
        if (!values.empty() && values.front() >= 0 && static_cast<std::size_t>(values.front()) < c.items.size())
            r.value = c.items[static_cast<std::size_t>(values.front())];
    }
    return r;
}

DeviceControls::DeviceControls(MainLoop& loop, const jack::JackSession& session, std::optional<std::string> alsa_config)
    : loop_(loop), session_(session), alsa_config_(std::move(alsa_config)) {
    // A card reported gone is closed here, outside its own callback (card_controls.hpp).
    tick_ = loop_.add_tick([this](MainLoop::Clock::time_point) -> std::optional<std::chrono::milliseconds> {
        for (auto& [identity, card] : cards_)
            if (card->controls && card->controls->gone()) drop(*card);
        return std::nullopt;
    });
}

DeviceControls::~DeviceControls() {
    loop_.remove_tick(tick_);
    for (auto& [identity, card] : cards_) drop(*card);
}

void DeviceControls::open(const DeviceChange& device) {
    const std::string identity = device.device.identity();
    close(identity);
    auto card = std::make_unique<Card>();
    card->identity = identity;
    card->card_number = device.device.card_number;
    card->playback = device.ports.playback;
    const std::string ctl = "hw:" + std::to_string(device.device.card_number);
    try {
        card->controls = alsa_config_ ? alsa::CardControls::open(ctl, *alsa_config_) : alsa::CardControls::open(ctl);
    } catch (const std::exception& e) {
        log::warning("device ", identity, ": no hardware controls (", e.what(), ")");
        return;
    }
    if (elsewhere(*card))
        log::notice("device ", identity, ": PipeWire sets the output volume of card ", card->card_number,
                    " (a desktop profile): headamp leaves it as PipeWire has it and its masters there are software "
                    "only; the card's level is the desktop's volume for it ([pipewire] profile = \"pro-audio\" "
                    "gives it to headamp)");
    const nlohmann::json saved = restorable(*card, device.hardware);
    if (saved.is_object() && saved.value("direct_monitor", std::string("off")) == "leave")
        card->policy = alsa::DirectMonitorPolicy::Leave;
    if (saved.is_object() && saved.contains("controls")) {
        const alsa::RestoreReport r = alsa::restore_controls(*card->controls, saved);
        log::info("device ", identity, ": restored ", r.written.size(), " control value(s), left ",
                  r.skipped_unsafe.size(), " unsafe one(s) (phantom power, pad, air) as the card has them");
    }
    card->monitor = std::make_unique<alsa::DirectMonitor>(*card->controls, card->policy);
    card->monitor->engage();
    Card* c = card.get();
    card->controls->on_change = [this, c](const alsa::ControlInfo& info, const alsa::ControlValues& values) {
        c->last_state = state_of(*c);
        events_->control_changed(c->identity, control_record(info, values));
        if (info.category == alsa::Category::Output && info.kind == alsa::Kind::Volume) {
            for (const core::Mix& mix : session_.graph().mixes) {
                const auto v = volume_for(mix.name);
                if (v && v->first == c && v->second->id == info.id)
                    events_->state_changed("master of mix '" + mix.name + "' (hardware volume changed elsewhere)");
            }
        }
    };
    card->controls->on_gone = [this, c] {
        log::notice("device ", c->identity, ": its card's controls are gone (unplugged)");
        unwatch(*c);
    };
    card->last_state = state_of(*card);
    log::info("device ", identity, ": ", card->controls->controls().size(), " hardware controls on ", ctl);
    watch(*card);
    cards_[identity] = std::move(card);
}

nlohmann::json DeviceControls::restorable(const Card& card, const nlohmann::json& saved) const {
    if (!elsewhere(card) || !saved.is_object() || !saved.contains("controls") || !saved["controls"].is_array())
        return saved;
    nlohmann::json kept = saved;
    nlohmann::json& controls = kept["controls"];
    controls.erase(std::remove_if(controls.begin(), controls.end(),
                                  [&card](const nlohmann::json& e) { return output_volume(*card.controls, e); }),
                   controls.end());
    return kept;
}

bool DeviceControls::elsewhere(const Card& card) const {
    return volume_driven_elsewhere && volume_driven_elsewhere(card.card_number);
}

void DeviceControls::close(const std::string& identity) {
    const auto it = cards_.find(identity);
    if (it == cards_.end()) return;
    drop(*it->second);
    cards_.erase(it);
}

void DeviceControls::watch(Card& card) {
    for (const pollfd& p : card.controls->poll_descriptors()) {
        alsa::CardControls* controls = card.controls.get();
        loop_.watch(
            p.fd, [controls, fd = p.fd](short revents) { controls->on_poll(fd, revents); }, p.events);
        card.watched.push_back(p.fd);
    }
}

void DeviceControls::unwatch(Card& card) {
    for (int fd : card.watched) loop_.unwatch(fd);
    card.watched.clear();
}

void DeviceControls::drop(Card& card) {
    if (!card.controls) return;
    card.last_state = state_of(card);
    unwatch(card);
    card.monitor.reset();  // puts the direct monitor back while the card is there
    card.controls.reset();
}

const DeviceControls::Card* DeviceControls::card_of(const std::string& identity) const {
    const auto it = cards_.find(identity);
    return it == cards_.end() ? nullptr : it->second.get();
}

DeviceControls::Card& DeviceControls::require(const std::string& identity) const {
    const auto it = cards_.find(identity);
    if (it == cards_.end() || !it->second->controls)
        throw ControlError("device " + identity + " has no hardware controls headamp can reach");
    return *it->second;
}

std::optional<nlohmann::json> DeviceControls::state_of(const Card& card) const {
    if (!card.controls) return card.last_state;
    nlohmann::json state = alsa::save_controls(*card.controls, card.identity);
    state["direct_monitor"] = card.policy == alsa::DirectMonitorPolicy::Leave ? "leave" : "off";
    // What headamp silenced is saved as the user had it: restore must not carry headamp's own "off".
    if (card.monitor)
        for (const alsa::DirectMonitor::Saved& s : card.monitor->saved()) {
            const alsa::ControlInfo* info = card.controls->find(s.id);
            if (!info || card.controls->values(s.id) != s.wrote) continue;
            for (nlohmann::json& entry : state["controls"])
                if (entry["name"] == s.id.name && entry["index"] == s.id.index) {
                    nlohmann::json values = nlohmann::json::array();
                    for (long x : s.before) values.push_back(saved_value(*info, x));
                    entry["values"] = values;
                }
        }
    return state;
}

std::optional<nlohmann::json> DeviceControls::saved_state(const std::string& identity) const {
    const Card* card = card_of(identity);
    if (!card) return std::nullopt;
    return state_of(*card);
}

std::optional<std::size_t> DeviceControls::controls_count(const std::string& identity) const {
    const Card* card = card_of(identity);
    if (!card || !card->controls) return std::nullopt;
    return card->controls->controls().size();
}

std::string DeviceControls::direct_monitor(const std::string& identity) const {
    const Card* card = card_of(identity);
    if (!card || !card->controls) return "";
    return card->policy == alsa::DirectMonitorPolicy::Leave ? "leave" : "off";
}

std::vector<control::ControlRecord> DeviceControls::list(const std::string& identity) const {
    const Card& card = require(identity);
    std::vector<control::ControlRecord> out;
    for (const alsa::ControlInfo& c : card.controls->controls())
        out.push_back(control_record(c, card.controls->values(c.id).value_or(alsa::ControlValues{})));
    return out;
}

control::ControlRecord DeviceControls::control(const std::string& identity, const std::string& name,
                                               const std::optional<std::string>& value) {
    Card& card = require(identity);
    const alsa::ControlLookup found = alsa::find_control(card.controls->controls(), name);
    if (!found.control) throw ControlError("device " + identity + ": " + found.error);
    const alsa::ControlInfo& info = *found.control;
    if (value) {
        if (!info.writable) throw ControlError("control '" + info.id.name + "' is read-only");
        const alsa::ControlValues current = card.controls->values(info.id).value_or(alsa::ControlValues{});
        const alsa::ParsedValue parsed = alsa::parse_value(info, current, *value);
        if (!parsed.error.empty()) throw ControlError(parsed.error);
        if (!card.controls->write(info.id, parsed.values))
            throw ControlError("the card refused the value for '" + info.id.name + "'");
        card.last_state = state_of(card);
    }
    return control_record(info, card.controls->values(info.id).value_or(alsa::ControlValues{}));
}

std::optional<std::pair<DeviceControls::Card*, const alsa::ControlInfo*>> DeviceControls::volume_for(
    const std::string& mix) const {
    const auto binding = session_.bindings().mixes.find(mix);
    if (binding == session_.bindings().mixes.end()) return std::nullopt;
    const std::string& left = binding->second[0];
    for (const auto& [identity, card] : cards_) {
        if (!card->controls || card->controls->gone()) continue;
        const auto it = std::find(card->playback.begin(), card->playback.end(), left);
        if (it == card->playback.end()) continue;
        if (elsewhere(*card)) return std::nullopt;  // not headamp's to drive: the master is software only
        // The pair's hardware volume: the Nth output volume with a dB scale for playback pair N.
        const std::size_t pair = static_cast<std::size_t>(it - card->playback.begin()) / 2;
        std::size_t n = 0;
        for (const alsa::ControlInfo& c : card->controls->controls()) {
            if (c.category != alsa::Category::Output || c.kind != alsa::Kind::Volume || !c.db || !c.writable) continue;
            if (n++ == pair) return std::pair{card.get(), &c};
        }
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<double> DeviceControls::master_hardware_db(const std::string& mix) const {
    const auto v = volume_for(mix);
    if (!v) return std::nullopt;
    const auto values = v->first->controls->values(v->second->id);
    if (!values || values->empty()) return std::nullopt;
    return v->second->db->to_db(values->front());
}

std::optional<control::MasterWrite> DeviceControls::stage_master(const std::string& mix, double master_db) const {
    const auto v = volume_for(mix);
    if (!v) return std::nullopt;
    const auto before = v->first->controls->values(v->second->id);
    if (!before || before->empty()) return std::nullopt;
    const alsa::StagedGain staged = alsa::stage_master_gain(master_db, *v->second->db);
    return control::MasterWrite{mix, alsa::ControlValues(before->size(), staged.hw_raw), *before, staged.sw_db};
}

bool DeviceControls::set_master_hardware(const std::string& mix, const alsa::ControlValues& values) {
    const auto v = volume_for(mix);
    if (!v || !v->first->controls->write(v->second->id, values)) return false;
    v->first->last_state = state_of(*v->first);
    return true;
}

}  // namespace headamp::devices
