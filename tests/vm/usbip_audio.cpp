// USB audio interfaces in user space for the VM tests: one process serves them all on one word clock.
//
// Each interface speaks USB/IP to the guest kernel's vhci_hcd over a socketpair and presents a UAC1 device
// (full speed, 48 kHz S16) with the channel counts, strings and feature units the test asks for; its
// capture channels carry sines of known frequencies, and what it is sent for playback is counted and can
// be recorded. A line-based control socket plugs and unplugs interfaces and answers in JSON.
//
// Why one compiled process: under TCG the first emulator (Python, a process per interface) used 80 % of a
// guest CPU for two interfaces, so whenever the guest was short of CPU the interfaces fell behind real
// time, each by its own amount (81-85 % and 86-92 % measured), beyond the +-5 % that zita-a2j's resampler
// follows: the bridged interface went silent 10 s at a time. This one uses a tenth of that, and every
// interface follows the one WordClock, as interfaces cabled to one word clock do.
//
// Usage: usbip-audio --control SOCK
// Commands (one line each, one JSON line back):
//   plug PORT [in=4] [out=2] [tones=440,660,880,1100] [amplitude=0.2] [vendor=0x1209] [product=0x4841]
//             [manufacturer=M] [name=N] [serial=S] [phantom=1]      (values %-escaped: "VM%20First")
//   unplug PORT        the kernel sees the socket close: a pulled cable
//   stats PORT | controls PORT | record PORT SECONDS PATH (answers when recorded)
//   dropouts PORT      the playback's silences (all-zero packets) and gaps (the stream stopped or fell
//                      more than kLatestMs behind) since the last `dropouts`, which starts them over
//   tone PORT CH FREQ AMPLITUDE | quit
#include <arpa/inet.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Bytes = std::vector<uint8_t>;

constexpr int kRate = 48000;
constexpr int kFramesPerMs = kRate / 1000;
constexpr double kTickSeconds = 0.004;  // between passes over the interfaces: a wake-up per URB costs more
constexpr double kLatestMs = 500.0;     // a stream further behind its clock than this starts over (xrun)
constexpr uint32_t kCmdSubmit = 1, kCmdUnlink = 2, kRetSubmit = 3, kRetUnlink = 4;
constexpr int kEpipe = 32, kEconnreset = 104;
constexpr uint8_t kEpOut = 0x01, kEpIn = 0x82;  // playback (host -> device), capture (device -> host)
constexpr int16_t kVolMin = -60 * 256, kVolMax = 0, kVolRes = 256;  // 1/256 dB, as UAC1 wants

volatile sig_atomic_t g_stop = 0;

double monotonic() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void put_le16(Bytes& b, unsigned v) {
    b.push_back(static_cast<uint8_t>(v & 0xFF));
    b.push_back(static_cast<uint8_t>((v >> 8) & 0xFF));
}
void put_be32(Bytes& b, uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<uint8_t>((v >> s) & 0xFF));
}
uint32_t get_be32(const uint8_t* p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}
void append(Bytes& b, std::initializer_list<unsigned> values) {
    for (unsigned v : values) b.push_back(static_cast<uint8_t>(v));
}

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

struct Options {
    int inputs = 4, outputs = 2;
    std::vector<double> tones{440, 660, 880, 1100};
    double amplitude = 0.2;
    unsigned vendor = 0x1209, product = 0x4841;
    std::string manufacturer = "headamp", name = "VM Interface", serial = "VM0001";
    bool phantom = false;
};

std::vector<double> parse_tones(const std::string& text) {
    std::vector<double> tones;
    std::stringstream in(text);
    for (std::string t; std::getline(in, t, ',');) tones.push_back(std::stod(t));
    return tones;
}

std::string unescape(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

Options parse_options(const std::vector<std::string>& words, size_t from) {
    Options o;
    for (size_t i = from; i < words.size(); ++i) {
        const auto eq = words[i].find('=');
        if (eq == std::string::npos) throw std::invalid_argument("option without '=': " + words[i]);
        const std::string key = words[i].substr(0, eq), value = unescape(words[i].substr(eq + 1));
        if (key == "in")
            o.inputs = std::stoi(value);
        else if (key == "out")
            o.outputs = std::stoi(value);
        else if (key == "tones")
            o.tones = parse_tones(value);
        else if (key == "amplitude")
            o.amplitude = std::stod(value);
        else if (key == "vendor")
            o.vendor = static_cast<unsigned>(std::stoul(value, nullptr, 0));
        else if (key == "product")
            o.product = static_cast<unsigned>(std::stoul(value, nullptr, 0));
        else if (key == "manufacturer")
            o.manufacturer = value;
        else if (key == "name")
            o.name = value;
        else if (key == "serial")
            o.serial = value;
        else if (key == "phantom")
            o.phantom = value == "1" || value == "true";
        else
            throw std::invalid_argument("unknown option " + key);
    }
    if (o.inputs < 0 || o.inputs > 8 || o.outputs < 0 || o.outputs > 8)
        throw std::invalid_argument("0 to 8 channels each way");
    o.tones.resize(static_cast<size_t>(o.inputs), 0.0);
    return o;
}

// UAC1 descriptors: IT(usb) -> FU(mute, volume) -> OT(headphones) for playback; IT(line in) ->
// [FU 7: a switch the driver names "48V Phantom Power"] -> FU(mute, volume) -> OT(usb) for capture.
struct Descriptors {
    Bytes device, config;
    std::map<unsigned, uint8_t> interfaces;  // streaming interface number -> its endpoint
    std::vector<std::string> strings;

    explicit Descriptors(const Options& o) : strings{o.manufacturer, o.name, o.serial, "48V Phantom Power"} {
        append(device, {18, 1, 0x10, 0x01, 0, 0, 0, 64});
        put_le16(device, o.vendor);
        put_le16(device, o.product);
        put_le16(device, 0x0100);
        append(device, {1, 2, o.serial.empty() ? 0u : 3u, 1});
        Bytes ac;
        struct Streaming {
            unsigned link, channels;
            uint8_t ep, attributes;
        };
        std::vector<Streaming> streaming;
        const auto chan_config = [](int n) { return n == 2 ? 0x0003u : 0u; };  // L/R for a pair
        if (o.outputs) {
            append(ac, {12, 0x24, 2, 1, 0x01, 0x01, 0, static_cast<unsigned>(o.outputs)});
            put_le16(ac, chan_config(o.outputs));
            append(ac, {0, 0});
            append(ac, {9, 0x24, 6, 2, 1, 1, 0x03, 0x00, 0});                          // FU 2: master mute + volume
            append(ac, {9, 0x24, 3, 3, 0x02, 0x03, 0, 2, 0});                          // OT 3: headphones
            streaming.push_back({1, static_cast<unsigned>(o.outputs), kEpOut, 0x09});  // adaptive
        }
        if (o.inputs) {
            append(ac, {12, 0x24, 2, 4, 0x03, 0x06, 0, static_cast<unsigned>(o.inputs)});
            put_le16(ac, chan_config(o.inputs));
            append(ac, {0, 0});
            if (o.phantom) append(ac, {9, 0x24, 6, 7, 4, 1, 0x01, 0x00, 4});
            append(ac, {9, 0x24, 6, 5, o.phantom ? 7u : 4u, 1, 0x03, 0x00, 0});      // FU 5: mute + volume
            append(ac, {9, 0x24, 3, 6, 0x01, 0x01, 0, 5, 0});                        // OT 6: USB streaming
            streaming.push_back({6, static_cast<unsigned>(o.inputs), kEpIn, 0x05});  // asynchronous
        }
        const auto n_as = static_cast<unsigned>(streaming.size());
        Bytes body;
        append(body, {9, 4, 0, 0, 0, 1, 1, 0, 0});
        append(body, {8 + n_as, 0x24, 1, 0x00, 0x01});
        put_le16(body, 8 + n_as + static_cast<unsigned>(ac.size()));
        body.push_back(static_cast<uint8_t>(n_as));
        for (unsigned i = 1; i <= n_as; ++i) body.push_back(static_cast<uint8_t>(i));
        body.insert(body.end(), ac.begin(), ac.end());
        unsigned number = 1;
        for (const Streaming& s : streaming) {
            const unsigned maxp = (kFramesPerMs + 1) * s.channels * 2;
            append(body, {9, 4, number, 0, 0, 1, 2, 0, 0});
            append(body, {9, 4, number, 1, 1, 1, 2, 0, 0});
            append(body, {7, 0x24, 1, s.link, 1, 1, 0});
            append(body, {11, 0x24, 2, 1, s.channels, 2, 16, 1, kRate & 0xFF, (kRate >> 8) & 0xFF, kRate >> 16});
            append(body, {9, 5, s.ep, s.attributes});
            put_le16(body, maxp);
            append(body, {1, 0, 0});
            append(body, {7, 0x25, 1, 0, 0, 0, 0});
            interfaces[number++] = s.ep;
        }
        append(config, {9, 2});
        put_le16(config, 9 + static_cast<unsigned>(body.size()));
        append(config, {1 + n_as, 1, 0, 0x80, 50});
        config.insert(config.end(), body.begin(), body.end());
    }

    std::optional<Bytes> string(unsigned index) const {
        if (index == 0) return Bytes{4, 3, 0x09, 0x04};
        if (index < 1 || index > strings.size() || strings[index - 1].empty()) return std::nullopt;
        Bytes b{0, 3};
        for (char c : strings[index - 1]) append(b, {static_cast<unsigned char>(c), 0});  // ASCII as UTF-16LE
        b[0] = static_cast<uint8_t>(b.size());
        return b;
    }
};

// A time line in USB frames (ms) that interfaces follow: real time.
class WordClock {
public:
    double now_ms() const { return (monotonic() - since_) * 1000.0; }

private:
    double since_ = monotonic();
};

struct Urb {
    uint32_t seq;
    uint32_t direction;
    int32_t length, packets;
    Bytes payload, isodesc;
    double due_ms = 0.0;
};

// One isochronous endpoint's URBs. Each URB's packets (1 ms each) follow the previous URB's on the clock,
// so the stream keeps the clock's rate exactly: a URB the host sends late completes at once (the
// interface's clock ran on and its FIFO held the samples), unless the stream fell more than kLatestMs
// behind: an xrun, and the stream starts over at the clock's now. (Starting every late URB at now lost
// time on every late resubmission, a different amount per interface.)
// Time lost while a stream did not run: stopped by the host, or an xrun.
struct Gaps {
    unsigned count = 0;
    double total_ms = 0.0, longest_ms = 0.0;
    void add(double ms) {
        ++count;
        total_ms += ms;
        longest_ms = std::max(longest_ms, ms);
    }
};

struct Stream {
    explicit Stream(const WordClock* c) : clock(c) {}

    const WordClock* clock;
    std::deque<Urb> pending;
    bool running = false;
    double queued_until = 0.0;
    double stopped_at = -1.0;  // when the host stopped it; never yet: negative
    unsigned starts = 0;
    Gaps gaps;

    void submit(Urb urb) {
        const double now = clock->now_ms();
        if (!running || queued_until < now - kLatestMs) {
            if (running)
                gaps.add(now - queued_until);
            else if (stopped_at >= 0.0)
                gaps.add(now - stopped_at);
            running = true;
            queued_until = now;
            ++starts;
        }
        queued_until += urb.packets;
        urb.due_ms = queued_until;
        pending.push_back(std::move(urb));
    }
    bool unlink(uint32_t seq) {
        for (auto it = pending.begin(); it != pending.end(); ++it) {
            if (it->seq != seq) continue;
            pending.erase(it);
            if (pending.empty()) stop();  // the host unlinks its URBs when it stops the stream
            return true;
        }
        return false;
    }
    void stop() {
        if (running) stopped_at = clock->now_ms();
        running = false;
        pending.clear();
    }
};

struct FeatureUnit {
    bool has_volume;
    int mute = 0, volume = 0;
    unsigned writes = 0;
    std::string json() const {
        return "{\"mute\": " + std::to_string(mute) + (has_volume ? ", \"volume\": " + std::to_string(volume) : "") +
               ", \"writes\": " + std::to_string(writes) + "}";
    }
};

struct Recording {
    size_t bytes_wanted;
    Bytes data;
    std::string path;
    int conn;
    unsigned frames;
};

void send_line(int fd, const std::string& line) {
    const std::string text = line + "\n";
    if (::send(fd, text.data(), text.size(), MSG_NOSIGNAL) < 0) { /* the asker went away */
    }
}

class Interface {
public:
    Interface(const Options& o, int fd, const WordClock* clock)
        : options_(o),
          descriptors_(o),
          fd_(fd),
          playback_(clock),
          capture_(clock),
          units_{{2, FeatureUnit{true}}, {5, FeatureUnit{true}}, {7, FeatureUnit{false}}} {
        frame_in_ = static_cast<size_t>(o.inputs) * 2;
        frame_out_ = static_cast<size_t>(o.outputs) * 2;
        build_table();
        started_ = monotonic();
    }
    ~Interface() { ::close(fd_); }  // the cable is pulled
    Interface(const Interface&) = delete;
    Interface& operator=(const Interface&) = delete;

    int fd() const { return fd_; }
    double attached = 0.0;

    void build_table() {
        // one second: every whole-Hz frequency fits a whole number of cycles; doubled so a packet never wraps
        const double amp = options_.amplitude * 32767;
        const auto n = static_cast<size_t>(options_.inputs);
        table_.assign(2 * kRate * n, 0);
        for (size_t ch = 0; ch < n; ++ch) {
            const double w = 2 * M_PI * options_.tones[ch] / kRate;
            if (options_.tones[ch] <= 0) continue;
            for (int i = 0; i < kRate; ++i) {
                const auto v = static_cast<int16_t>(amp * std::sin(w * i));
                table_[static_cast<size_t>(i) * n + ch] = v;
                table_[static_cast<size_t>(i + kRate) * n + ch] = v;
            }
        }
    }
    void set_tone(size_t channel, double freq, double amplitude) {
        if (channel < 1 || channel > options_.tones.size()) throw std::invalid_argument("no such capture channel");
        options_.tones[channel - 1] = freq;
        options_.amplitude = amplitude;
        build_table();
    }

    // Reads what the kernel sent; false when it closed the connection.
    bool on_readable() {
        uint8_t buf[1 << 16];
        for (;;) {
            const ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
            if (n == 0) return false;
            if (n < 0) {
                if (errno == EAGAIN || errno == EINTR) break;
                return false;
            }
            rx_.insert(rx_.end(), buf, buf + n);
        }
        size_t at = 0;
        while (rx_.size() - at >= 48) {
            const uint8_t* h = rx_.data() + at;
            const uint32_t cmd = get_be32(h), seq = get_be32(h + 4), direction = get_be32(h + 12),
                           ep = get_be32(h + 16);
            if (cmd == kCmdUnlink) {
                unlink(seq, get_be32(h + 20));
                at += 48;
                continue;
            }
            if (cmd != kCmdSubmit) throw std::runtime_error("unexpected USB/IP command " + std::to_string(cmd));
            const auto length = static_cast<int32_t>(get_be32(h + 24));
            const auto packets = static_cast<int32_t>(get_be32(h + 32));
            const bool iso = packets != 0 && packets != -1;
            const size_t out_len = direction == 0 ? static_cast<size_t>(std::max(length, 0)) : 0;
            const size_t need = 48 + out_len + (iso ? static_cast<size_t>(packets) * 16 : 0);
            if (rx_.size() - at < need) break;
            Urb urb{seq,
                    direction,
                    length,
                    packets,
                    Bytes(h + 48, h + 48 + out_len),
                    iso ? Bytes(h + 48 + out_len, h + need) : Bytes{}};
            const Bytes setup(h + 40, h + 48);
            at += need;
            if (ep == 0)
                control(urb, setup);
            else if (iso)
                (ep == (kEpOut & 0x7F) ? playback_ : capture_).submit(std::move(urb));
            else
                ret_submit(seq, -kEpipe, {}, 0, 0, {});
        }
        rx_.erase(rx_.begin(), rx_.begin() + static_cast<long>(at));
        return true;
    }

    void complete_due(double early_ms) {
        for (Stream* s : {&playback_, &capture_}) {
            const double now = s->clock->now_ms() + early_ms;
            while (!s->pending.empty() && s->pending.front().due_ms <= now) {
                Urb urb = std::move(s->pending.front());
                s->pending.pop_front();
                if (urb.direction == 0)
                    played(urb);
                else
                    captured(urb);
            }
        }
    }

    std::string stats_json() const {
        std::string set_if;
        for (const auto& [i, v] : set_interface_)
            set_if += (set_if.empty() ? "[" : ", [") + std::to_string(i) + ", " + std::to_string(v) + "]";
        char first[32] = "null";
        if (first_signal_) std::snprintf(first, sizeof first, "%.6f", *first_signal_);
        std::ostringstream o;
        o.precision(17);
        o << "{\"started\": " << started_ << ", \"attached\": " << attached << ", \"urbs_out\": " << urbs_out_
          << ", \"urbs_in\": " << urbs_in_ << ", \"packets_out\": " << packets_out_
          << ", \"packets_in\": " << packets_in_ << ", \"frames_played\": " << frames_played_
          << ", \"first_signal\": " << first << ", \"control_requests\": " << control_requests_
          << ", \"unlinks\": " << unlinks_ << ", \"set_interface\": [" << set_if
          << "], \"stream_starts\": {\"playback\": " << playback_.starts << ", \"capture\": " << capture_.starts
          << "}}";
        return o.str();
    }
    // Silences and gaps of the playback since the last call, which starts them over; a silence still
    // going on counts in `silent_now_ms` and goes on counting.
    std::string dropouts_json() {
        char text[320];
        std::snprintf(text, sizeof text,
                      "{\"silences\": %u, \"silent_ms\": %.0f, \"longest_silence_ms\": %.0f, \"silent_now_ms\": %.0f, "
                      "\"gaps\": %u, \"gap_ms\": %.0f, \"longest_gap_ms\": %.0f}",
                      silences_.count, silences_.total_ms, silences_.longest_ms, silent_run_ms_, playback_.gaps.count,
                      playback_.gaps.total_ms, playback_.gaps.longest_ms);
        silences_ = {};
        playback_.gaps = {};
        return text;
    }
    std::string controls_json() const {
        return "{\"playback\": " + units_.at(2).json() + ", \"capture\": " + units_.at(5).json() +
               ", \"phantom\": " + units_.at(7).json() + "}";
    }
    void record(double seconds, const std::string& path, int conn) {
        const auto frames = static_cast<unsigned>(seconds * kRate);
        recording_ = Recording{frames * frame_out_, {}, path, conn, frames};
    }
    void forget_conn(int conn) {
        if (recording_ && recording_->conn == conn) recording_.reset();
    }

private:
    void ret_submit(uint32_t seq, int32_t status, const Bytes& data, int32_t actual, int32_t packets,
                    const Bytes& isodesc) {
        Bytes out;
        out.reserve(48 + data.size() + isodesc.size());
        for (uint32_t v : {kRetSubmit, seq, 0u, 0u, 0u, static_cast<uint32_t>(status), static_cast<uint32_t>(actual),
                           0u, static_cast<uint32_t>(packets), 0u})
            put_be32(out, v);
        out.resize(48, 0);
        out.insert(out.end(), data.begin(), data.end());
        out.insert(out.end(), isodesc.begin(), isodesc.end());
        write_all(out);
    }
    void write_all(const Bytes& out) {
        size_t done = 0;
        while (done < out.size()) {
            const ssize_t n = ::send(fd_, out.data() + done, out.size() - done, MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EINTR) continue;
                return;  // the kernel let go; the next read says so
            }
            done += static_cast<size_t>(n);
        }
    }
    void unlink(uint32_t seq, uint32_t target) {
        ++unlinks_;
        const bool found = playback_.unlink(target) || capture_.unlink(target);
        Bytes out;
        for (uint32_t v : {kRetUnlink, seq, 0u, 0u, 0u, static_cast<uint32_t>(found ? -kEconnreset : 0)})
            put_be32(out, v);
        out.resize(48, 0);
        write_all(out);
    }

    void control(const Urb& urb, const Bytes& setup) {
        const unsigned rtype = setup[0], req = setup[1], value = setup[2] | (setup[3] << 8),
                       index = setup[4] | (setup[5] << 8), wlen = setup[6] | (setup[7] << 8);
        ++control_requests_;
        const std::optional<Bytes> data = answer(rtype, req, value, index, urb.payload);
        if (!data) {
            ret_submit(urb.seq, -kEpipe, {}, 0, 0, {});
        } else if (rtype & 0x80) {
            const Bytes d(data->begin(), data->begin() + std::min<size_t>(data->size(), wlen));
            ret_submit(urb.seq, 0, d, static_cast<int32_t>(d.size()), 0, {});
        } else {
            ret_submit(urb.seq, 0, {}, urb.length, 0, {});
        }
    }

    std::optional<Bytes> answer(unsigned rtype, unsigned req, unsigned value, unsigned index, const Bytes& payload) {
        if (rtype == 0x80 && req == 6) {  // GET_DESCRIPTOR
            const unsigned kind = value >> 8;
            if (kind == 1) return descriptors_.device;
            if (kind == 2) return descriptors_.config;
            if (kind == 3) return descriptors_.string(value & 0xFF);
            return std::nullopt;
        }
        if (rtype == 0x80 && req == 0) return Bytes{0, 0};
        if (rtype == 0x00 && req == 9) return Bytes{};  // SET_CONFIGURATION
        if (rtype == 0x01 && req == 11) {               // SET_INTERFACE
            const auto it = descriptors_.interfaces.find(index);
            if (value == 0 && it != descriptors_.interfaces.end())  // alternate setting 0: the stream is off
                (it->second == kEpOut ? playback_ : capture_).stop();
            set_interface_.emplace_back(index, value);
            if (set_interface_.size() > 8) set_interface_.pop_front();
            return Bytes{};
        }
        if (rtype == 0x81 && req == 10) return Bytes{0};
        if ((rtype == 0x02 || rtype == 0x00 || rtype == 0x01) && (req == 1 || req == 3)) return Bytes{};
        if (rtype == 0x21 || rtype == 0xA1) return feature_unit(rtype, req, index >> 8, value >> 8, payload);
        if (rtype == 0x22) return Bytes{};  // sampling frequency of an endpoint
        if (rtype == 0xA2) return Bytes{kRate & 0xFF, (kRate >> 8) & 0xFF, kRate >> 16};
        return std::nullopt;
    }

    std::optional<Bytes> feature_unit(unsigned rtype, unsigned req, unsigned unit, unsigned selector,
                                      const Bytes& payload) {
        const auto it = units_.find(unit);
        if (it == units_.end() || selector < 1 || selector > 2 || (selector == 2 && !it->second.has_volume))
            return std::nullopt;
        FeatureUnit& fu = it->second;
        if (rtype == 0x21 && req == 0x01) {  // SET_CUR
            if (payload.size() < (selector == 1 ? 1u : 2u)) return std::nullopt;
            ++fu.writes;
            if (selector == 1)
                fu.mute = payload[0];
            else
                fu.volume = static_cast<int16_t>(payload[0] | (payload[1] << 8));
            return Bytes{};
        }
        if (selector == 1)
            return req == 0x81 ? std::optional<Bytes>(Bytes{static_cast<uint8_t>(fu.mute)}) : std::nullopt;
        int v;
        switch (req) {
            case 0x81: v = fu.volume; break;
            case 0x82: v = kVolMin; break;
            case 0x83: v = kVolMax; break;
            case 0x84: v = kVolRes; break;
            default: return std::nullopt;
        }
        Bytes b;
        put_le16(b, static_cast<unsigned>(v) & 0xFFFF);
        return b;
    }

    void played(const Urb& urb) {
        Bytes answer;
        for (int32_t k = 0; k < urb.packets; ++k) {
            const uint8_t* d = urb.isodesc.data() + 16 * k;
            const uint32_t offset = get_be32(d), length = get_be32(d + 4);
            for (uint32_t v : {offset, length, length, 0u}) put_be32(answer, v);
            ++packets_out_;
            if (offset + length > urb.payload.size()) continue;
            const uint8_t* pk = urb.payload.data() + offset;
            frames_played_ += frame_out_ ? length / frame_out_ : 0;
            count_silence(pk, length);
            if (!first_signal_) {
                for (uint32_t i = 0; i < length; ++i) {
                    if (pk[i]) {
                        first_signal_ = monotonic();
                        break;
                    }
                }
            }
            if (recording_) {
                Recording& r = *recording_;
                r.data.insert(r.data.end(), pk, pk + length);
                if (r.data.size() >= r.bytes_wanted) {
                    std::ofstream(r.path, std::ios::binary)
                        .write(reinterpret_cast<const char*>(r.data.data()), static_cast<long>(r.bytes_wanted));
                    send_line(r.conn, "{\"recorded\": " + std::to_string(r.frames) +
                                          ", \"path\": " + json_string(r.path) + "}");
                    recording_.reset();
                }
            }
        }
        ++urbs_out_;
        ret_submit(urb.seq, 0, {}, urb.length, urb.packets, answer);
    }

    // Runs of all-zero packets in what the host plays: a mix that went silent.
    void count_silence(const uint8_t* pk, uint32_t length) {
        if (!frame_out_ || length < frame_out_) return;
        const bool silent = std::all_of(pk, pk + length, [](uint8_t b) { return b == 0; });
        if (silent) {
            silent_run_ms_ += static_cast<double>(length / frame_out_) * 1000.0 / kRate;
        } else if (silent_run_ms_ > 0.0) {
            silences_.add(silent_run_ms_);
            silent_run_ms_ = 0.0;
        }
    }

    void captured(const Urb& urb) {
        Bytes data, answer;
        const bool muted = units_.at(5).mute != 0;
        const auto* table = reinterpret_cast<const uint8_t*>(table_.data());
        for (int32_t k = 0; k < urb.packets; ++k) {
            const uint8_t* d = urb.isodesc.data() + 16 * k;
            const uint32_t offset = get_be32(d), length = get_be32(d + 4);
            const size_t frames = frame_in_ ? std::min<size_t>(kFramesPerMs, length / frame_in_) : 0;
            const size_t bytes = frames * frame_in_;
            for (uint32_t v : {offset, length, static_cast<uint32_t>(bytes), 0u}) put_be32(answer, v);
            if (muted)
                data.insert(data.end(), bytes, 0);
            else
                data.insert(data.end(), table + pos_ * frame_in_, table + pos_ * frame_in_ + bytes);
            pos_ = (pos_ + frames) % kRate;
        }
        ++urbs_in_;
        packets_in_ += static_cast<unsigned>(urb.packets);
        ret_submit(urb.seq, 0, data, static_cast<int32_t>(data.size()), urb.packets, answer);
    }

    Options options_;
    Descriptors descriptors_;
    int fd_;
    Bytes rx_;
    Stream playback_, capture_;
    std::map<unsigned, FeatureUnit> units_;  // 2: playback, 5: capture, 7: phantom power switch
    size_t frame_in_ = 0, frame_out_ = 0;
    std::vector<int16_t> table_;
    size_t pos_ = 0;
    std::optional<Recording> recording_;
    double started_;
    std::optional<double> first_signal_;
    Gaps silences_;
    double silent_run_ms_ = 0.0;
    unsigned long urbs_out_ = 0, urbs_in_ = 0, packets_out_ = 0, packets_in_ = 0, frames_played_ = 0;
    unsigned long control_requests_ = 0, unlinks_ = 0;
    std::deque<std::pair<unsigned, unsigned>> set_interface_;
};

// The interfaces plugged into vhci_hcd, by port, and the word clock they share.
class Rig {
public:
    void plug(int port, const Options& o) {
        if (interfaces_.count(port))
            throw std::invalid_argument("port " + std::to_string(port) + " already has an interface");
        int pair[2];
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
            throw std::runtime_error(std::strerror(errno));
        auto dev = std::make_unique<Interface>(o, pair[0], &clock_);
        const unsigned devid = (static_cast<unsigned>(port + 1) << 16) | 2;
        const std::string line =
            std::to_string(port) + " " + std::to_string(pair[1]) + " " + std::to_string(devid) + " 2";
        std::ofstream attach("/sys/devices/platform/vhci_hcd.0/attach");
        attach << line << std::flush;  // 2: full speed
        const bool ok = attach.good();
        ::close(pair[1]);  // the kernel holds its own reference
        if (!ok) throw std::runtime_error("vhci_hcd refused the attach: " + line);
        dev->attached = monotonic();
        interfaces_[port] = std::move(dev);
        log("port " + std::to_string(port) + ": plugged " + o.name + " (" + o.serial + ")");
    }
    void unplug(int port) {
        interface(port);
        interfaces_.erase(port);
        log("port " + std::to_string(port) + ": unplugged");
    }
    Interface& interface(int port) {
        const auto it = interfaces_.find(port);
        if (it == interfaces_.end()) throw std::invalid_argument("nothing plugged into port " + std::to_string(port));
        return *it->second;
    }
    std::map<int, std::unique_ptr<Interface>>& interfaces() { return interfaces_; }
    static void log(const std::string& msg) {
        std::printf("[%10.3f] %s\n", monotonic(), msg.c_str());
        std::fflush(stdout);
    }

private:
    WordClock clock_;
    std::map<int, std::unique_ptr<Interface>> interfaces_;
};

std::vector<std::string> split(const std::string& line) {
    std::vector<std::string> words;
    std::istringstream in(line);
    for (std::string w; in >> w;) words.push_back(w);
    return words;
}

// Runs one control command; its JSON answer, or nothing when it answers later (record).
std::optional<std::string> command(Rig& rig, const std::vector<std::string>& w, int conn) {
    if (w[0] == "quit") {
        g_stop = 1;
        return "{\"ok\": true}";
    }
    if (w.size() < 2) throw std::invalid_argument(w[0] + ": which port?");
    const int port = std::stoi(w[1]);
    const auto need = [&](size_t n) {
        if (w.size() < n) throw std::invalid_argument(w[0] + ": too few arguments");
    };
    if (w[0] == "plug") {
        rig.plug(port, parse_options(w, 2));
        return "{\"ok\": true}";
    }
    if (w[0] == "unplug") {
        rig.unplug(port);
        return "{\"ok\": true}";
    }
    Interface& dev = rig.interface(port);
    if (w[0] == "stats") return dev.stats_json();
    if (w[0] == "controls") return dev.controls_json();
    if (w[0] == "dropouts") return dev.dropouts_json();
    if (w[0] == "record") {
        need(4);
        dev.record(std::stod(w[2]), w[3], conn);
        return std::nullopt;
    }
    if (w[0] == "tone") {
        need(5);
        dev.set_tone(std::stoul(w[2]), std::stod(w[3]), std::stod(w[4]));
        return "{\"ok\": true}";
    }
    throw std::invalid_argument("unknown command " + w[0]);
}

int serve(const std::string& path) {
    const int listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
    ::unlink(path.c_str());
    if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listener, 8) != 0) {
        std::fprintf(stderr, "usbip-audio: %s: %s\n", path.c_str(), std::strerror(errno));
        return 1;
    }
    Rig rig;
    std::map<int, std::string> conns;  // control connections and what they sent so far
    double next_tick = monotonic();
    while (!g_stop) {
        std::vector<pollfd> fds{{listener, POLLIN, 0}};
        for (const auto& [fd, _] : conns) fds.push_back({fd, POLLIN, 0});
        // rounded up: a wait rounded down to 0 ms would spin through the last fraction of every tick
        const int wait_ms = static_cast<int>(std::ceil(std::max(0.0, (next_tick - monotonic()) * 1000.0)));
        if (::poll(fds.data(), fds.size(), wait_ms) < 0 && errno != EINTR) break;
        if (monotonic() >= next_tick) {
            next_tick = std::max(next_tick + kTickSeconds, monotonic());
            std::vector<int> gone;
            for (auto& [port, dev] : rig.interfaces()) {
                try {
                    if (!dev->on_readable()) gone.push_back(port);
                } catch (const std::exception& e) {
                    Rig::log("port " + std::to_string(port) + ": " + e.what());
                    gone.push_back(port);
                }
            }
            for (int port : gone) rig.unplug(port);  // the kernel let go of the device
            for (auto& [port, dev] : rig.interfaces()) dev->complete_due(kTickSeconds * 1000.0);
        }
        for (const pollfd& p : fds) {
            if (!(p.revents & (POLLIN | POLLHUP | POLLERR))) continue;
            if (p.fd == listener) {
                const int c = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
                if (c >= 0) conns[c] = "";
                continue;
            }
            char buf[4096];
            const ssize_t n = ::recv(p.fd, buf, sizeof buf, 0);
            if (n <= 0) {
                for (auto& [port, dev] : rig.interfaces()) dev->forget_conn(p.fd);
                ::close(p.fd);
                conns.erase(p.fd);
                continue;
            }
            std::string& pending = conns[p.fd];
            pending.append(buf, static_cast<size_t>(n));
            for (size_t eol; (eol = pending.find('\n')) != std::string::npos;) {
                const std::vector<std::string> words = split(pending.substr(0, eol));
                pending.erase(0, eol + 1);
                if (words.empty()) continue;
                try {
                    if (const auto answer = command(rig, words, p.fd)) send_line(p.fd, *answer);
                } catch (const std::exception& e) {
                    send_line(p.fd, "{\"error\": " + json_string(words[0] + ": " + e.what()) + "}");
                }
            }
        }
    }
    while (!rig.interfaces().empty()) rig.unplug(rig.interfaces().begin()->first);
    for (const auto& [fd, _] : conns) ::close(fd);
    ::close(listener);
    ::unlink(path.c_str());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3 || std::string(argv[1]) != "--control") {
        std::fprintf(stderr, "usage: usbip-audio --control SOCK\n");
        return 2;
    }
    struct sigaction sa {};
    sa.sa_handler = [](int) { g_stop = 1; };
    ::sigaction(SIGTERM, &sa, nullptr);
    ::sigaction(SIGINT, &sa, nullptr);
    return serve(argv[2]);
}
