// A real headampd on a private jackd with USB interfaces plugged and unplugged through its device feed
// (HEADAMP_DEVICE_FEED), brought in through the fake bridge, their cards' controls served by the fake
// ALSA ctl plugin (HEADAMP_ALSA_CONFIG): the daemon's whole path from device to socket without hardware.
// (umockdev's uevents cannot be sent from a process without its preload library, and a JACK client
// under that library can abort on its 50-entry fd table while holding JACK's metadata lock.)
#pragma once

#include <fcntl.h>
#include <sys/stat.h>

#include "daemon_fixture.hpp"
#include "hotplug/device.hpp"
#include "hotplug/device_feed.hpp"

namespace headamp::test {

inline hotplug::Device solo(int card = 1) {
    hotplug::Device d;
    d.vendor_id = "1235";
    d.product_id = "8211";
    d.serial = "Y7DNRNT0A47F2C";
    d.port_path = "1-2";
    d.manufacturer = "Focusrite";
    d.product = "Scarlett Solo USB";
    d.card_number = card;
    d.card_id = "USB";
    d.capture_channels = 2;
    d.playback_channels = 2;
    return d;
}

inline hotplug::Device umc(int card = 2) {
    hotplug::Device d;
    d.vendor_id = "1397";
    d.product_id = "0509";
    d.port_path = "1-3";
    d.manufacturer = "BEHRINGER";
    d.product = "UMC404HD 192k";
    d.card_number = card;
    d.card_id = "U192k";
    d.capture_channels = 4;
    d.playback_channels = 4;
    return d;
}

class HardwareDaemon : public Daemon {
public:
    // `recording`: the amixer-contents file (tests/alsa/data) every card's controls are served from.
    explicit HardwareDaemon(const std::string& test, const std::string& recording = "uac2_preamp.txt")
        : Daemon(test, "[jack]\nconnect_physical = false\n", false) {
        fifo = (dir / "card-commands").string();
        feed = (dir / "device-feed").string();
        writes = (dir / "card-writes").string();
        if (mkfifo(fifo.c_str(), 0600) != 0 || mkfifo(feed.c_str(), 0600) != 0) throw std::runtime_error("mkfifo");
        // ctl.hw stands for every card: "hw:N" opens the recording, whatever N is.
        alsa_config = (dir / "asound.conf").string();
        std::ofstream(alsa_config) << "ctl_type.headamp_fake { lib \"" FAKE_CTL_PLUGIN "\" }\n"
                                   << "ctl.hw { @args [ CARD ] @args.CARD { type string }\n"
                                   << "  type headamp_fake file \"" << ALSA_TEST_DATA "/" << recording << "\"\n"
                                   << "  commands \"" << fifo << "\" writes \"" << writes << "\" }\n";
    }

    // Plugs and unplugs, as udev would report it (the daemon must be running).
    void plug(const hotplug::Device& d) const { write_fifo(feed, hotplug::feed_line("add", d)); }
    void unplug(const hotplug::Device& d) const { write_fifo(feed, hotplug::feed_line("remove", d)); }

    // headampd with its device feed, the fake bridge and the recorded cards.
    void start() {
        Daemon::start({"HEADAMP_DEVICE_FEED=" + feed, "HEADAMP_BRIDGE_CAPTURE=" FAKE_BRIDGE " capture",
                       "HEADAMP_BRIDGE_PLAYBACK=" FAKE_BRIDGE " playback", "HEADAMP_ALSA_CONFIG=" + alsa_config});
    }

    json ask(const json& request) const {
        control::ControlClient c(socket);
        return c.request(request);
    }
    json status() const { return ask({{"op", "status"}}); }

    // Waits until `pred(status)` holds; false after `timeout`.
    bool wait_status(const std::function<bool(const json&)>& pred, std::chrono::milliseconds timeout = 10s) const {
        return JackHandle::wait_for([&] { return pred(status()); }, timeout);
    }
    bool wait_patched(std::size_t count) const {
        return wait_status([&](const json& s) {
            std::size_t patched = 0;
            for (const json& d : s["devices"]) patched += d.value("patched", false) ? 1 : 0;
            return s["devices"].size() == count && patched == count;
        });
    }

    // Someone else changes a control of the card (amixer, a knob).
    void external_set(const std::string& name, unsigned index, const std::string& values) const {
        write_fifo(fifo, "set\t" + name + "\t" + std::to_string(index) + "\t" + values + "\n");
    }
    // The card vanishes under the daemon (-ENODEV from then on), before udev says so.
    void card_gone() const { write_fifo(fifo, "unplug\n"); }

    static void write_fifo(const std::string& path, const std::string& line) {
        const int fd = ::open(path.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) throw std::runtime_error("open fifo");
        const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
        ::close(fd);
        if (!ok) throw std::runtime_error("write fifo");
    }

    // What the daemon wrote to the card, one "name\tindex\tv1,v2" line per write, in order.
    std::vector<std::string> card_writes() const {
        std::ifstream in(writes);
        std::vector<std::string> lines;
        for (std::string l; std::getline(in, l);) lines.push_back(l);
        return lines;
    }

    std::string fifo, feed, writes, alsa_config;
};

}  // namespace headamp::test
