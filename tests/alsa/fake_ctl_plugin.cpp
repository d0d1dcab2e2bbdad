// A test double for a sound card's control interface: an ALSA external control plugin (ctl type
// "headamp_fake") serving the controls of an `amixer contents` recording through libasound's own ctl
// and hctl code. A FIFO named in its configuration lets a test act as "someone else" on the card:
//   "set\t<name>\t<index>\t<v1>,<v2>...\n"  changes a control and raises a change event
//   "unplug\n"                               makes the card vanish: -ENODEV and POLLERR from then on
// A file named by "writes" gets one "<name>\t<index>\t<v1>,<v2>...\n" line per value the opener writes,
// so that a test can see what a daemon in another process did to the card.
// Like the kernel, every value change (including the opener's own writes) is an event to subscribers.
#include <alsa/asoundlib.h>
#include <alsa/control_external.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <sstream>
#include <string>
#include <vector>

#include "amixer_contents.hpp"

namespace {

using headamp::alsa::test::RecordedControl;

struct FakeCard {
    snd_ctl_ext_t ext{};
    std::vector<RecordedControl> controls;
    std::deque<std::size_t> events;
    int read_fd = -1;
    int wake_fd = -1;  // written to make read_fd readable after an own write
    bool own_pipe = false;
    bool gone = false;
    std::string pending;
    std::string writes;  // log of the opener's writes; empty: none

    ~FakeCard() {
        if (read_fd >= 0) close(read_fd);
        if (own_pipe && wake_fd >= 0) close(wake_fd);
    }
};

FakeCard* card_of(snd_ctl_ext_t* ext) { return static_cast<FakeCard*>(ext->private_data); }

int type_of(const RecordedControl& c) {
    if (c.type == "BOOLEAN") return SND_CTL_ELEM_TYPE_BOOLEAN;
    if (c.type == "ENUMERATED") return SND_CTL_ELEM_TYPE_ENUMERATED;
    return SND_CTL_ELEM_TYPE_INTEGER;
}

snd_ctl_elem_iface_t iface_of(const std::string& s) {
    if (s == "CARD") return SND_CTL_ELEM_IFACE_CARD;
    if (s == "PCM") return SND_CTL_ELEM_IFACE_PCM;
    return SND_CTL_ELEM_IFACE_MIXER;
}

void wake(FakeCard& card) {
    const char byte = '\n';
    if (write(card.wake_fd, &byte, 1) < 0) {
        // A full pipe is already readable, which is all the wake-up is for.
    }
}

void notify(FakeCard& card, std::size_t key) {
    if (!card.ext.subscribed) return;
    card.events.push_back(key);
    wake(card);
}

void apply(FakeCard& card, const std::string& line) {
    if (line == "unplug") {
        card.gone = true;
        wake(card);  // a disconnected card's ctl fd stays ready for good; keep ours readable the same way
        return;
    }
    std::stringstream in(line);
    std::string verb, name, index, values;
    if (!std::getline(in, verb, '\t') || verb != "set") return;
    std::getline(in, name, '\t');
    std::getline(in, index, '\t');
    std::getline(in, values);
    for (std::size_t k = 0; k < card.controls.size(); ++k) {
        RecordedControl& c = card.controls[k];
        if (c.name != name || std::to_string(c.index) != index) continue;
        std::vector<long> next;
        std::stringstream vs(values);
        for (std::string v; std::getline(vs, v, ',');) next.push_back(std::stol(v));
        next.resize(c.count, next.empty() ? c.min : next.back());
        if (next != c.values) {
            c.values = next;
            notify(card, k);
        }
    }
}

// Reads what the test wrote to the FIFO and applies complete lines. Never throws into libasound.
void drain(FakeCard& card) {
    if (card.gone) return;
    try {
        char buf[512];
        for (;;) {
            const ssize_t n = read(card.read_fd, buf, sizeof buf);
            if (n <= 0) break;
            card.pending.append(buf, static_cast<std::size_t>(n));
        }
        for (std::size_t nl; !card.gone && (nl = card.pending.find('\n')) != std::string::npos;) {
            const std::string line = card.pending.substr(0, nl);
            card.pending.erase(0, nl + 1);
            if (!line.empty()) apply(card, line);
        }
    } catch (...) {
        card.pending.clear();
    }
    // Pending events keep the descriptor readable, as the kernel's ctl fd is while its queue is not empty.
    if (!card.events.empty()) wake(card);
}

void fake_close(snd_ctl_ext_t* ext) { delete card_of(ext); }

int fake_elem_count(snd_ctl_ext_t* ext) { return static_cast<int>(card_of(ext)->controls.size()); }

void fill_id(const RecordedControl& c, std::size_t key, snd_ctl_elem_id_t* id) {
    snd_ctl_elem_id_set_numid(id, static_cast<unsigned>(key + 1));
    snd_ctl_elem_id_set_interface(id, iface_of(c.iface));
    snd_ctl_elem_id_set_name(id, c.name.c_str());
    snd_ctl_elem_id_set_index(id, c.index);
}

int fake_elem_list(snd_ctl_ext_t* ext, unsigned offset, snd_ctl_elem_id_t* id) {
    FakeCard* card = card_of(ext);
    if (offset >= card->controls.size()) return -EINVAL;
    fill_id(card->controls[offset], offset, id);
    return 0;
}

snd_ctl_ext_key_t fake_find_elem(snd_ctl_ext_t* ext, const snd_ctl_elem_id_t* id) {
    FakeCard* card = card_of(ext);
    const unsigned numid = snd_ctl_elem_id_get_numid(id);
    if (numid > 0 && numid <= card->controls.size()) return numid - 1;
    for (std::size_t k = 0; k < card->controls.size(); ++k) {
        const RecordedControl& c = card->controls[k];
        if (c.name == snd_ctl_elem_id_get_name(id) && c.index == snd_ctl_elem_id_get_index(id) &&
            iface_of(c.iface) == snd_ctl_elem_id_get_interface(id))
            return k;
    }
    return SND_CTL_EXT_KEY_NOT_FOUND;
}

int fake_get_attribute(snd_ctl_ext_t* ext, snd_ctl_ext_key_t key, int* type, unsigned* acc, unsigned* count) {
    FakeCard* card = card_of(ext);
    drain(*card);  // every read and write asks this first: an unplug is seen at once, as with a real card
    if (card->gone) return -ENODEV;
    const RecordedControl& c = card->controls[key];
    *type = type_of(c);
    unsigned access = 0;
    if (c.readable) access |= SND_CTL_EXT_ACCESS_READ;
    if (c.writable) access |= SND_CTL_EXT_ACCESS_WRITE;
    if (!c.tlv.empty()) access |= SND_CTL_EXT_ACCESS_TLV_READ | SND_CTL_EXT_ACCESS_TLV_CALLBACK;
    *acc = access;
    *count = c.count;
    return 0;
}

int fake_get_integer_info(snd_ctl_ext_t* ext, snd_ctl_ext_key_t key, long* imin, long* imax, long* istep) {
    FakeCard* card = card_of(ext);
    if (card->gone) return -ENODEV;
    const RecordedControl& c = card->controls[key];
    *imin = c.min;
    *imax = c.max;
    *istep = c.step;
    return 0;
}

int fake_get_enumerated_info(snd_ctl_ext_t* ext, snd_ctl_ext_key_t key, unsigned* items) {
    FakeCard* card = card_of(ext);
    if (card->gone) return -ENODEV;
    *items = static_cast<unsigned>(card->controls[key].items.size());
    return 0;
}

int fake_get_enumerated_name(snd_ctl_ext_t* ext, snd_ctl_ext_key_t key, unsigned item, char* name, size_t max) {
    const RecordedControl& c = card_of(ext)->controls[key];
    if (item >= c.items.size()) return -EINVAL;
    snprintf(name, max, "%s", c.items[item].c_str());
    return 0;
}

int fake_read_integer(snd_ctl_ext_t* ext, snd_ctl_ext_key_t key, long* value) {
    FakeCard* card = card_of(ext);
    if (card->gone) return -ENODEV;
    const RecordedControl& c = card->controls[key];
    for (unsigned i = 0; i < c.count; ++i) value[i] = c.values[i];
    return 0;
}

int fake_write_integer(snd_ctl_ext_t* ext, snd_ctl_ext_key_t key, long* value) {
    FakeCard* card = card_of(ext);
    if (card->gone) return -ENODEV;
    RecordedControl& c = card->controls[key];
    if (!c.writable) return -EPERM;
    bool changed = false;
    for (unsigned i = 0; i < c.count; ++i) {
        if (value[i] < c.min || value[i] > c.max) return -EINVAL;
        changed = changed || c.values[i] != value[i];
        c.values[i] = value[i];
    }
    if (!card->writes.empty()) {
        std::string line = c.name + "\t" + std::to_string(c.index) + "\t";
        for (unsigned i = 0; i < c.count; ++i) line += (i ? "," : "") + std::to_string(c.values[i]);
        line += "\n";
        const int fd = ::open(card->writes.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
        if (fd >= 0) {
            if (::write(fd, line.data(), line.size()) < 0) {
                // The log is for the test to read; a failed write shows there as a missing line.
            }
            ::close(fd);
        }
    }
    if (changed) notify(*card, key);
    return 0;
}

int fake_read_enumerated(snd_ctl_ext_t* ext, snd_ctl_ext_key_t key, unsigned* items) {
    FakeCard* card = card_of(ext);
    if (card->gone) return -ENODEV;
    const RecordedControl& c = card->controls[key];
    for (unsigned i = 0; i < c.count; ++i) items[i] = static_cast<unsigned>(c.values[i]);
    return 0;
}

int fake_write_enumerated(snd_ctl_ext_t* ext, snd_ctl_ext_key_t key, unsigned* items) {
    std::vector<long> values;
    const RecordedControl& c = card_of(ext)->controls[key];
    for (unsigned i = 0; i < c.count; ++i) values.push_back(static_cast<long>(items[i]));
    return fake_write_integer(ext, key, values.data());
}

int fake_tlv(snd_ctl_ext_t* ext, snd_ctl_ext_key_t key, int op_flag, unsigned, unsigned* tlv, unsigned size) {
    FakeCard* card = card_of(ext);
    if (card->gone) return -ENODEV;
    if (op_flag != 0) return -ENXIO;
    const std::vector<unsigned>& t = card->controls[key].tlv;
    if (size < t.size() * sizeof(unsigned)) return -ENOMEM;
    std::memcpy(tlv, t.data(), t.size() * sizeof(unsigned));
    return 0;
}

int fake_read_event(snd_ctl_ext_t* ext, snd_ctl_elem_id_t* id, unsigned* mask) {
    FakeCard* card = card_of(ext);
    drain(*card);
    if (card->gone) return -ENODEV;
    if (card->events.empty()) return -EAGAIN;
    const std::size_t key = card->events.front();
    card->events.pop_front();
    fill_id(card->controls[key], key, id);
    *mask = SND_CTL_EVENT_MASK_VALUE;
    return 1;
}

int fake_poll_revents(snd_ctl_ext_t* ext, struct pollfd* pfds, unsigned nfds, unsigned short* revents) {
    FakeCard* card = card_of(ext);
    if (nfds >= 1 && (pfds[0].revents & POLLIN)) drain(*card);
    if (card->gone)
        *revents = POLLERR;  // what a disconnected card's ctl fd reports
    else
        *revents = card->events.empty() ? 0 : POLLIN;
    return 0;
}

const snd_ctl_ext_callback_t kCallbacks = [] {
    snd_ctl_ext_callback_t cb{};
    cb.close = fake_close;
    cb.elem_count = fake_elem_count;
    cb.elem_list = fake_elem_list;
    cb.find_elem = fake_find_elem;
    cb.get_attribute = fake_get_attribute;
    cb.get_integer_info = fake_get_integer_info;
    cb.get_enumerated_info = fake_get_enumerated_info;
    cb.get_enumerated_name = fake_get_enumerated_name;
    cb.read_integer = fake_read_integer;
    cb.write_integer = fake_write_integer;
    cb.read_enumerated = fake_read_enumerated;
    cb.write_enumerated = fake_write_enumerated;
    cb.read_event = fake_read_event;
    cb.poll_revents = fake_poll_revents;
    return cb;
}();

int open_fake(snd_ctl_t** handlep, const char* ctl_name, snd_config_t* conf, int mode) {
    std::string file, commands, writes, card_name = "Fake";
    snd_config_iterator_t i, next;
    snd_config_for_each(i, next, conf) {
        snd_config_t* n = snd_config_iterator_entry(i);
        const char* id = nullptr;
        if (snd_config_get_id(n, &id) < 0) continue;
        const std::string key = id;
        if (key == "comment" || key == "type" || key == "hint") continue;
        const char* value = nullptr;
        if (snd_config_get_string(n, &value) < 0) return -EINVAL;
        if (key == "file")
            file = value;
        else if (key == "commands")
            commands = value;
        else if (key == "card_name")
            card_name = value;
        else if (key == "writes")
            writes = value;
        else
            return -EINVAL;
    }
    if (file.empty()) return -EINVAL;
    auto* card = new (std::nothrow) FakeCard;
    if (!card) return -ENOMEM;
    try {
        card->writes = writes;
        card->controls = headamp::alsa::test::load_amixer_contents(file);
    } catch (const std::exception& e) {
        SNDERR("headamp_fake: %s", e.what());
        delete card;
        return -EINVAL;
    }
    if (!commands.empty()) {
        // O_RDWR keeps the FIFO open for reading without a writer, and lets the card wake itself.
        card->read_fd = ::open(commands.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
        card->wake_fd = card->read_fd;
    } else {
        int fds[2];
        if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) == 0) {
            card->read_fd = fds[0];
            card->wake_fd = fds[1];
            card->own_pipe = true;
        }
    }
    if (card->read_fd < 0) {
        const int err = -errno;
        delete card;
        return err;
    }
    card->ext.version = SND_CTL_EXT_VERSION;
    card->ext.card_idx = 99;
    snprintf(card->ext.id, sizeof card->ext.id, "%s", "Fake");
    snprintf(card->ext.driver, sizeof card->ext.driver, "%s", "headamp_fake");
    snprintf(card->ext.name, sizeof card->ext.name, "%s", card_name.c_str());
    snprintf(card->ext.longname, sizeof card->ext.longname, "%s (recorded)", card_name.c_str());
    snprintf(card->ext.mixername, sizeof card->ext.mixername, "%s", card_name.c_str());
    card->ext.poll_fd = card->read_fd;
    card->ext.callback = &kCallbacks;
    card->ext.private_data = card;
    card->ext.tlv.c = fake_tlv;
    if (int err = snd_ctl_ext_create(&card->ext, ctl_name, mode); err < 0) {
        delete card;
        return err;
    }
    *handlep = card->ext.handle;
    return 0;
}

}  // namespace

extern "C" {

SND_CTL_PLUGIN_DEFINE_FUNC(headamp_fake) {
    (void)root;
    return open_fake(handlep, name, conf, mode);
}

SND_CTL_PLUGIN_SYMBOL(headamp_fake)
}
