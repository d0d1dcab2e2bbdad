// Test helper: opens a recorded control set through the headamp_fake ctl plugin and plays "someone else".
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "alsa/card_controls.hpp"

namespace headamp::alsa::test {

inline std::string recording(const std::string& name) { return std::string(ALSA_TEST_DATA) + "/" + name; }

class FakeCardSession {
public:
    FakeCardSession() {
        char tmpl[] = "/tmp/headamp-alsa-XXXXXX";
        if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp");
        dir_ = tmpl;
        fifo_ = dir_ / "commands";
        if (mkfifo(fifo_.c_str(), 0600) != 0) throw std::runtime_error("mkfifo");
    }
    ~FakeCardSession() {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    // The ALSA configuration that defines ctl "fake" over a recording; what a user's ~/.asoundrc would hold.
    std::string config(const std::string& recording_file) const {
        return "ctl_type.headamp_fake { lib \"" FAKE_CTL_PLUGIN
               "\" }\n"
               "ctl.fake { type headamp_fake file \"" +
               recording_file + "\" commands \"" + fifo_.string() + "\" }\n";
    }

    std::unique_ptr<CardControls> open(const std::string& recording_name) {
        return CardControls::open("fake", config(recording(recording_name)));
    }

    // Someone else (alsamixer, a hardware knob) changes a control.
    void external_set(const std::string& name, unsigned index, const std::string& values) {
        send("set\t" + name + "\t" + std::to_string(index) + "\t" + values + "\n");
    }
    void unplug() { send("unplug\n"); }

    // One pass of a main loop over the card's descriptors, without waiting.
    static int pump(CardControls& card) {
        std::vector<pollfd> fds = card.poll_descriptors();
        if (fds.empty()) return 0;
        if (::poll(fds.data(), fds.size(), 0) <= 0) return 0;
        int ready = 0;
        for (const pollfd& p : fds)
            if (p.revents) {
                card.on_poll(p.fd, p.revents);
                ++ready;
            }
        return ready;
    }

private:
    void send(const std::string& line) {
        const int fd = ::open(fifo_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) throw std::runtime_error("open fifo");
        const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
        ::close(fd);
        if (!ok) throw std::runtime_error("write fifo");
    }

    std::filesystem::path dir_;
    std::filesystem::path fifo_;
};

}  // namespace headamp::alsa::test
