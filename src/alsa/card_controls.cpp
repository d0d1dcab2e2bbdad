// CardControls: snd_hctl discovery, cached values, own writes, and event handling that survives unplugs.
#include "alsa/card_controls.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "util/log.hpp"

namespace headamp::alsa {

namespace {

std::string error_text(int err) { return snd_strerror(err); }

bool is_gone_error(int err) { return err == -ENODEV || err == -EBADFD || err == -ENXIO; }

Kind kind_of(snd_ctl_elem_type_t type) {
    switch (type) {
        case SND_CTL_ELEM_TYPE_INTEGER:
        case SND_CTL_ELEM_TYPE_INTEGER64: return Kind::Volume;
        case SND_CTL_ELEM_TYPE_BOOLEAN: return Kind::Switch;
        case SND_CTL_ELEM_TYPE_ENUMERATED: return Kind::Enumeration;
        default: return Kind::Other;
    }
}

// The TLV is read into a generous buffer; USB audio dB descriptions are 4 words, compound ranges more.
std::vector<unsigned> read_tlv(snd_hctl_elem_t* elem) {
    std::vector<unsigned> tlv(64, 0);
    if (snd_hctl_elem_tlv_read(elem, tlv.data(), static_cast<unsigned>(tlv.size() * sizeof(unsigned))) < 0) return {};
    return tlv;
}

ControlInfo describe(snd_hctl_elem_t* elem, snd_ctl_elem_info_t* info) {
    ControlInfo c;
    snd_hctl_elem_info(elem, info);
    c.id.name = snd_ctl_elem_info_get_name(info);
    c.id.index = snd_ctl_elem_info_get_index(info);
    c.kind = kind_of(snd_ctl_elem_info_get_type(info));
    c.category = classify(c.id.name);
    c.channels = snd_ctl_elem_info_get_count(info);
    c.readable = snd_ctl_elem_info_is_readable(info) != 0;
    c.writable = snd_ctl_elem_info_is_writable(info) != 0;
    switch (snd_ctl_elem_info_get_type(info)) {
        case SND_CTL_ELEM_TYPE_INTEGER:
            c.raw_min = snd_ctl_elem_info_get_min(info);
            c.raw_max = snd_ctl_elem_info_get_max(info);
            c.raw_step = snd_ctl_elem_info_get_step(info);
            break;
        case SND_CTL_ELEM_TYPE_INTEGER64:
            c.raw_min = static_cast<long>(snd_ctl_elem_info_get_min64(info));
            c.raw_max = static_cast<long>(snd_ctl_elem_info_get_max64(info));
            c.raw_step = static_cast<long>(snd_ctl_elem_info_get_step64(info));
            break;
        case SND_CTL_ELEM_TYPE_BOOLEAN: c.raw_max = 1; break;
        case SND_CTL_ELEM_TYPE_ENUMERATED: {
            const unsigned n = snd_ctl_elem_info_get_items(info);
            c.raw_max = n > 0 ? static_cast<long>(n) - 1 : 0;
            for (unsigned i = 0; i < n; ++i) {
                snd_ctl_elem_info_set_item(info, i);
                snd_hctl_elem_info(elem, info);
                c.items.emplace_back(snd_ctl_elem_info_get_item_name(info));
            }
            break;
        }
        default: break;
    }
    if (c.kind == Kind::Volume && snd_ctl_elem_info_is_tlv_readable(info))
        c.db = DbScale::from_tlv(read_tlv(elem), c.raw_min, c.raw_max);
    return c;
}

}  // namespace

std::string_view kind_name(Kind k) {
    switch (k) {
        case Kind::Volume: return "volume";
        case Kind::Switch: return "switch";
        case Kind::Enumeration: return "enumeration";
        case Kind::Other: return "other";
    }
    return "other";
}

std::unique_ptr<CardControls> CardControls::open(const std::string& ctl_name) {
    snd_ctl_t* ctl = nullptr;
    if (int err = snd_ctl_open(&ctl, ctl_name.c_str(), SND_CTL_NONBLOCK); err < 0)
        throw AlsaError("cannot open control " + ctl_name + ": " + error_text(err), err);
    CtlPtr owned(ctl);
    snd_hctl_t* hctl = nullptr;
    if (int err = snd_hctl_open_ctl(&hctl, owned.get()); err < 0)
        throw AlsaError("cannot open control " + ctl_name + ": " + error_text(err), err);
    owned.release();  // the hctl owns the ctl now
    std::unique_ptr<CardControls> card(new CardControls(ctl_name, HctlPtr(hctl)));
    card->load();
    return card;
}

std::unique_ptr<CardControls> CardControls::open(const std::string& ctl_name, const std::string& alsa_config) {
    snd_input_t* in = nullptr;
    if (int err = snd_input_buffer_open(&in, alsa_config.data(), static_cast<ssize_t>(alsa_config.size())); err < 0)
        throw AlsaError("cannot read ALSA configuration: " + error_text(err), err);
    InputPtr input(in);
    snd_config_t* top = nullptr;
    if (int err = snd_config_top(&top); err < 0) throw AlsaError("snd_config_top: " + error_text(err), err);
    ConfigPtr config(top);
    if (int err = snd_config_load(config.get(), input.get()); err < 0)
        throw AlsaError("cannot parse ALSA configuration: " + error_text(err), err);
    snd_ctl_t* ctl = nullptr;
    if (int err = snd_ctl_open_lconf(&ctl, ctl_name.c_str(), SND_CTL_NONBLOCK, config.get()); err < 0)
        throw AlsaError("cannot open control " + ctl_name + ": " + error_text(err), err);
    CtlPtr owned(ctl);
    snd_hctl_t* hctl = nullptr;
    if (int err = snd_hctl_open_ctl(&hctl, owned.get()); err < 0)
        throw AlsaError("cannot open control " + ctl_name + ": " + error_text(err), err);
    owned.release();
    std::unique_ptr<CardControls> card(new CardControls(ctl_name, HctlPtr(hctl)));
    card->load();
    return card;
}

CardControls::CardControls(std::string name, HctlPtr hctl) : name_(std::move(name)), hctl_(std::move(hctl)) {}

CardControls::~CardControls() {
    // Detach our callbacks before hctl_ frees its elements (which would call them with REMOVE).
    for (Entry& e : entries_)
        if (e.elem) snd_hctl_elem_set_callback(e.elem, nullptr);
}

void CardControls::load() {
    if (int err = snd_hctl_load(hctl_.get()); err < 0)
        throw AlsaError("cannot load controls of " + name_ + ": " + error_text(err), err);
    ElemInfoPtr info = make_elem_info();
    // Mixer controls only, as alsamixer shows them: the card's PCM channel maps and card-level
    // switches (snd-usb-audio's "Keep Interface") are no part of a hardware mixer.
    const auto is_mixer = [](snd_hctl_elem_t* e) { return snd_hctl_elem_get_interface(e) == SND_CTL_ELEM_IFACE_MIXER; };
    std::size_t n = 0;
    for (snd_hctl_elem_t* e = snd_hctl_first_elem(hctl_.get()); e; e = snd_hctl_elem_next(e)) n += is_mixer(e);
    infos_.reserve(n);
    entries_.reserve(n);
    for (snd_hctl_elem_t* e = snd_hctl_first_elem(hctl_.get()); e; e = snd_hctl_elem_next(e)) {
        if (!is_mixer(e)) continue;
        infos_.push_back(describe(e, info.get()));
        entries_.push_back(Entry{e, snd_ctl_elem_info_get_type(info.get()) == SND_CTL_ELEM_TYPE_INTEGER64, {}, false});
    }
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        if (auto v = read(i)) entries_[i].cached = std::move(*v);
        snd_hctl_elem_set_callback_private(entries_[i].elem, &entries_[i]);
        snd_hctl_elem_set_callback(entries_[i].elem, &CardControls::elem_callback);
    }
    if (int err = snd_ctl_subscribe_events(snd_hctl_ctl(hctl_.get()), 1); err < 0)
        log::warning(name_, ": cannot subscribe to control events: ", error_text(err),
                     " (changes made elsewhere go unseen)");
}

int CardControls::elem_callback(snd_hctl_elem_t* elem, unsigned int mask) {
    auto* entry = static_cast<Entry*>(snd_hctl_elem_get_callback_private(elem));
    if (!entry) return 0;
    if (mask == SND_CTL_EVENT_MASK_REMOVE) {
        entry->elem = nullptr;  // hctl frees it after this call
        return 0;
    }
    if (mask & SND_CTL_EVENT_MASK_VALUE) entry->changed = true;
    return 0;
}

std::size_t CardControls::index_of(const ControlId& id) const {
    auto it = std::find_if(infos_.begin(), infos_.end(), [&](const ControlInfo& c) { return c.id == id; });
    return static_cast<std::size_t>(it - infos_.begin());
}

const ControlInfo* CardControls::find(const ControlId& id) const {
    const std::size_t i = index_of(id);
    return i < infos_.size() ? &infos_[i] : nullptr;
}

std::optional<ControlValues> CardControls::values(const ControlId& id) const {
    const std::size_t i = index_of(id);
    if (i >= infos_.size()) return std::nullopt;
    return entries_[i].cached;
}

std::optional<ControlValues> CardControls::read(std::size_t i) {
    const ControlInfo& c = infos_[i];
    Entry& e = entries_[i];
    if (gone_ || !e.elem || !c.readable) return std::nullopt;
    ElemValuePtr v = make_elem_value();
    if (int err = snd_hctl_elem_read(e.elem, v.get()); err < 0) {
        if (is_gone_error(err))
            mark_gone();
        else
            log::debug(name_, ": reading '", c.id.name, "': ", error_text(err));
        return std::nullopt;
    }
    ControlValues out(c.channels, 0);
    for (unsigned ch = 0; ch < c.channels; ++ch) {
        switch (c.kind) {
            case Kind::Volume:
                out[ch] = e.is64 ? static_cast<long>(snd_ctl_elem_value_get_integer64(v.get(), ch))
                                 : snd_ctl_elem_value_get_integer(v.get(), ch);
                break;
            case Kind::Switch: out[ch] = snd_ctl_elem_value_get_boolean(v.get(), ch); break;
            case Kind::Enumeration: out[ch] = snd_ctl_elem_value_get_enumerated(v.get(), ch); break;
            case Kind::Other: break;
        }
    }
    return out;
}

bool CardControls::write(const ControlId& id, ControlValues values) {
    const std::size_t i = index_of(id);
    if (gone_ || i >= infos_.size()) return false;
    const ControlInfo& c = infos_[i];
    Entry& e = entries_[i];
    if (!e.elem || !c.writable || c.kind == Kind::Other || values.empty() || c.channels == 0) return false;
    values.resize(c.channels, values.back());
    ElemValuePtr v = make_elem_value();
    for (unsigned ch = 0; ch < c.channels; ++ch) {
        const long x = std::clamp(values[ch], c.raw_min, c.raw_max);
        switch (c.kind) {
            case Kind::Volume:
                if (e.is64)
                    snd_ctl_elem_value_set_integer64(v.get(), ch, x);
                else
                    snd_ctl_elem_value_set_integer(v.get(), ch, x);
                break;
            case Kind::Switch: snd_ctl_elem_value_set_boolean(v.get(), ch, x); break;
            case Kind::Enumeration: snd_ctl_elem_value_set_enumerated(v.get(), ch, static_cast<unsigned>(x)); break;
            case Kind::Other: break;
        }
    }
    if (int err = snd_hctl_elem_write(e.elem, v.get()); err < 0) {
        if (is_gone_error(err))
            mark_gone();
        else
            log::warning(name_, ": writing '", c.id.name, "': ", error_text(err));
        return false;
    }
    // The echo of this write arrives as an ordinary change event; it is recognised because the value
    // read then equals this cache. The driver may have adjusted the value, so cache what it holds.
    if (auto now = read(i)) e.cached = std::move(*now);
    return !gone_;
}

bool CardControls::write_db(const ControlId& id, double db, Rounding rounding) {
    const ControlInfo* c = find(id);
    if (!c || !c->db) return false;
    return write(id, {c->db->from_db(db, rounding)});
}

std::vector<pollfd> CardControls::poll_descriptors() const {
    // Still given after a write found the card gone, so that the loop's next pass reports it.
    if (gone_reported_) return {};
    const int n = snd_hctl_poll_descriptors_count(hctl_.get());
    if (n <= 0) return {};
    std::vector<pollfd> fds(static_cast<std::size_t>(n));
    const int got = snd_hctl_poll_descriptors(hctl_.get(), fds.data(), static_cast<unsigned>(n));
    fds.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    return fds;
}

void CardControls::mark_gone() { gone_ = true; }

void CardControls::dispatch_changes() {
    for (std::size_t i = 0; i < entries_.size() && !gone_; ++i) {
        if (!entries_[i].changed) continue;
        entries_[i].changed = false;
        std::optional<ControlValues> now = read(i);
        if (!now || *now == entries_[i].cached) continue;  // unreadable, or the echo of our own write
        entries_[i].cached = *now;
        if (on_change) on_change(infos_[i], entries_[i].cached);
    }
}

void CardControls::on_poll(int fd, short revents) noexcept {
    if (gone_reported_) return;
    try {
        std::vector<pollfd> fds = poll_descriptors();
        for (pollfd& p : fds) p.revents = p.fd == fd ? revents : 0;
        unsigned short mangled = 0;
        int err =
            snd_hctl_poll_descriptors_revents(hctl_.get(), fds.data(), static_cast<unsigned>(fds.size()), &mangled);
        if (err < 0 && is_gone_error(err)) mark_gone();
        if (gone_ || (mangled & (POLLERR | POLLNVAL | POLLHUP))) mark_gone();
        if (!gone_ && (mangled & POLLIN)) {
            err = snd_hctl_handle_events(hctl_.get());
            if (err < 0 && is_gone_error(err))
                mark_gone();
            else if (err < 0)
                log::debug(name_, ": handling control events: ", error_text(err));
            dispatch_changes();
        }
    } catch (const std::exception& e) {
        log::warning(name_, ": control event: ", e.what());
    } catch (...) {
        log::warning(name_, ": control event: unknown error");
    }
    if (gone_) {
        gone_reported_ = true;
        log::info(name_, ": card is gone");
        try {
            if (on_gone) on_gone();
        } catch (...) {
            log::warning(name_, ": the card-gone handler threw");
        }
    }
}

}  // namespace headamp::alsa
