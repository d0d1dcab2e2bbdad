// The mixer screen's one poll loop (alsamixer's mainloop.c): stdin and the daemon's socket, nothing else.
// Keys become requests; the screen changes only when the daemon's events say the state changed, so what
// is shown is what the daemon has, whoever changed it.
#include "cli/tui/tui.hpp"

#include <curses.h>
#include <poll.h>

#include <chrono>
#include <clocale>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/tui/bindings.hpp"
#include "cli/tui/display.hpp"
#include "cli/tui/hardware_view.hpp"
#include "cli/tui/model.hpp"
#include "control/control_client.hpp"
#include "control/paths.hpp"
#include "control/records_json.hpp"
#include "control/volume_mapping.hpp"
#include "core/graph.hpp"

namespace headamp::cli::tui {

using nlohmann::json;

namespace {

constexpr double kMetersHz = 20.0;
constexpr double kPanStep = 0.1;

// Owns curses mode: endwin() however the loop ends.
class Screen {
public:
    Screen() {
        std::setlocale(LC_ALL, "");
        initscr();
        cbreak();
        noecho();
        keypad(stdscr, TRUE);
        nodelay(stdscr, TRUE);
        curs_set(0);
        set_escdelay(25);
        init_colors();
    }
    ~Screen() { endwin(); }
    Screen(const Screen&) = delete;
    Screen& operator=(const Screen&) = delete;
};

class MixerScreen {
public:
    explicit MixerScreen(std::filesystem::path socket) : socket_(std::move(socket)) {}

    // First contact happens before curses, so "not running" is plain text on the terminal.
    void connect() {
        client_ = std::make_unique<control::ControlClient>(socket_);
        client_->send({{"op", "subscribe"}, {"meters_hz", kMetersHz}});
        client_->send({{"op", "status"}});
        model_.connected = true;
        model_.dirty = true;
    }

    int run() {
        Screen screen;
        auto last_attempt = std::chrono::steady_clock::now();
        while (!quit_) {
            if (model_.dirty)
                draw(model_);
            else if (model_.meters_dirty)
                draw_meters(model_);
            model_.dirty = model_.meters_dirty = false;
            pollfd fds[2] = {{0, POLLIN, 0}, {client_ ? client_->fd() : -1, POLLIN, 0}};
            poll(fds, 2, client_ ? -1 : 1000);
            // Always: a resize interrupts poll (EINTR) and arrives as KEY_RESIZE from getch.
            read_keys();
            if (client_ && fds[1].revents) read_daemon();
            if (!client_ && std::chrono::steady_clock::now() - last_attempt > std::chrono::seconds(1)) {
                last_attempt = std::chrono::steady_clock::now();
                try {
                    connect();
                    model_.message.clear();
                } catch (const control::NotRunning&) {}
            }
        }
        return kSuccess;
    }

private:
    void read_keys() {
        for (int key = getch(); key != ERR; key = getch()) handle(command_for_key(key));
    }

    void read_daemon() {
        try {
            for (json& m : client_->receive()) take_or_say(m);
        } catch (const control::ConnectionError& e) {
            client_.reset();
            model_.connected = false;
            model_.message = e.what();
            model_.dirty = true;
        }
    }

    // An answer or event the screen cannot read changes nothing; the message line says what was wrong.
    void take_or_say(const json& m) {
        try {
            take(m);
        } catch (const nlohmann::json::exception& e) {
            model_.message = std::string("unreadable message from headampd: ") + e.what();
            model_.dirty = true;
        }
    }

    // Each answer and event becomes typed records here, once (records_json.hpp).
    void take(const json& m) {
        const std::string event = m.value("event", "");
        if (event == "meters") {
            model_.meters = m.get<control::MetersRecord>();
            model_.meters_dirty = true;
        } else if (event == "state" || (m.contains("sources") && m.contains("mixes") && m.contains("daemon"))) {
            // All read before any is kept: a bad part leaves the model as it was.
            auto graph = m.get<control::GraphRecord>();
            auto jack = m.contains("jack") ? std::optional(m["jack"].get<control::JackRecord>()) : model_.jack;
            auto devices =
                m.contains("devices") ? m["devices"].get<std::vector<control::DeviceRecord>>() : model_.devices;
            model_.apply_state(std::move(graph));
            model_.jack = std::move(jack);
            model_.devices = std::move(devices);
        } else if (event == "control") {
            // Ours or made elsewhere (alsamixer, a knob): the daemon says what the card now holds.
            const auto changed = m.at("control").get<control::ControlRecord>();
            if (model_.hardware.take_control(m.value("device", std::string()), changed))
                model_.dirty = model_.dirty || model_.view == View::Hardware;
        } else if (event == "device") {
            const auto device = m.at("device").get<control::DeviceRecord>();
            model_.apply_device(m.value("action", std::string()), device);
            // The interface shown came back: its controls with it.
            if (m.value("action", std::string()) != "removed" && device.identity == model_.hardware.device)
                list_controls();
        } else if (model_.hardware.list_request && m.value("id", json()) == *model_.hardware.list_request) {
            if (m.contains("error"))
                model_.hardware.none(m["error"].get<std::string>());
            else
                model_.hardware.take_list(m.at("controls").get<std::vector<control::ControlRecord>>());
            model_.dirty = true;
        } else if (model_.links.request && m.value("id", json()) == *model_.links.request) {
            model_.links.take(m);
            model_.dirty = true;
        } else if (event == "jack") {
            model_.jack = m.get<control::JackRecord>();
            model_.dirty = true;
        } else if (m.contains("error")) {
            model_.message = m["error"].get<std::string>();
            model_.dirty = true;
        }
    }

    std::optional<int64_t> request(json r) {
        if (!client_) return std::nullopt;
        std::optional<int64_t> id;
        try {
            model_.message.clear();
            id = client_->send(std::move(r));
        } catch (const control::ConnectionError& e) {
            client_.reset();
            model_.connected = false;
            model_.message = e.what();
        }
        model_.dirty = true;
        return id;
    }

    void list_controls() {
        model_.hardware.list_request = request({{"op", "controls"}, {"device", model_.hardware.device}});
    }

    // H: the interface the mix goes to, else the one the selected source comes from.
    void open_hardware() {
        model_.view = View::Hardware;
        model_.dirty = true;
        const control::MixRecord* mix = model_.has_mix() ? &model_.current_mix() : nullptr;
        const std::string source =
            model_.master_selected() || model_.sources.empty() ? std::string() : model_.sources[model_.selected].name;
        if (const control::DeviceRecord* device = device_for(model_.devices, mix, source)) {
            if (device->identity != model_.hardware.device || model_.hardware.controls.empty())
                model_.hardware.open(*device);
            list_controls();
            return;
        }
        model_.hardware.none(
            "No USB interface here: " + (mix ? "mix '" + mix->name + "' does not go to one" : std::string("no mix")) +
            (source.empty() ? std::string() : ", and source '" + source + "' does not come from one") +
            ". Route the mix to an interface, or select one of its sources. Esc: back");
    }

    void handle_hardware(Command c) {
        HardwareControls& hw = model_.hardware;
        if (hw.pending) {
            // An unsafe change happens on 'y' only; any other key leaves the control as it is.
            const ControlChange change = *hw.pending;
            hw.pending.reset();
            if (c == Command::Confirm) {
                request({{"op", "control"}, {"device", hw.device}, {"name", change.name}, {"value", change.value}});
            } else {
                model_.message = "'" + change.name + "' left as it was";
                model_.dirty = true;
            }
            return;
        }
        switch (c) {
            case Command::Back:
            case Command::Quit:
            case Command::HardwareView:
                model_.view = View::Mixer;
                model_.message.clear();
                model_.dirty = true;
                return;
            case Command::Left:
                if (hw.selected > 0) --hw.selected;
                model_.dirty = true;
                return;
            case Command::Right:
                if (hw.selected + 1 < hw.controls.size()) ++hw.selected;
                model_.dirty = true;
                return;
            default: break;
        }
        const auto change = change_for(c, hw.controls, hw.selected);
        if (!change) return;
        if (change->unsafe) {
            hw.pending = change;
            model_.message = "'" + change->name + "' is unsafe (phantom power, pad, air): press y to set it " +
                             change->shown + ", any other key leaves it";
            model_.dirty = true;
            return;
        }
        request({{"op", "control"}, {"device", hw.device}, {"name", change->name}, {"value", change->value}});
    }

    // A request about the selected fader: the source's send in this mix, or the master.
    void fader_request(json fields) {
        if (!model_.has_mix()) return;
        const std::string mix = model_.current_mix().name;
        if (model_.master_selected()) {
            fields["op"] = "master";
        } else {
            fields["op"] = "set";
            fields["source"] = model_.sources[model_.selected].name;
        }
        fields["mix"] = mix;
        request(fields);
    }

    void eq_request(json fields) {
        if (!model_.has_mix()) return;
        fields["op"] = "eq";
        fields["mix"] = model_.current_mix().name;
        request(fields);
    }

    void handle_eq(Command c) {
        static const char* bands[] = {"low", "mid", "high"};
        const control::EqRecord& eq = model_.current_mix().eq;
        const control::EqBandRecord& band = model_.eq_band == 0 ? eq.low : model_.eq_band == 1 ? eq.mid : eq.high;
        switch (c) {
            case Command::Left:
                model_.eq_band = (model_.eq_band + 2) % 3;
                model_.dirty = true;
                break;
            case Command::Right:
                model_.eq_band = (model_.eq_band + 1) % 3;
                model_.dirty = true;
                break;
            case Command::Up:
            case Command::Down: {
                const double g = band.gain_db + (c == Command::Up ? 1.0 : -1.0);
                eq_request({{"band", bands[model_.eq_band]},
                            {"gain_db", std::clamp(g, -core::kMaxEqGainDb, core::kMaxEqGainDb)}});
                break;
            }
            case Command::PageUp:
            case Command::PageDown: {
                const double f = band.freq_hz * (c == Command::PageUp ? 1.25 : 0.8);
                eq_request({{"band", bands[model_.eq_band]}, {"freq_hz", std::clamp(f, 10.0, 24000.0)}});
                break;
            }
            case Command::Toggle: eq_request({{"enabled", "toggle"}}); break;
            default: break;
        }
    }

    void handle(Command c) {
        // While an unsafe change waits, every key but a resize answers the question, unbound ones too.
        const bool answers = model_.hardware.pending.has_value() && c != Command::Redraw;
        if (c == Command::None && !answers) return;
        if (model_.view == View::Hardware && model_.connected && (answers || c != Command::Help) &&
            c != Command::Redraw) {
            handle_hardware(c);
            return;
        }
        if (handle_navigation(c)) return;
        if (!model_.connected || !model_.has_mix()) return;
        if (model_.view == View::Eq) {
            handle_eq(c);
            return;
        }
        if (model_.view == View::Mixer) handle_mixer(c);
    }

    // Quitting, views, redrawing and choosing a mix: whatever the view; true when `c` was one of them.
    bool handle_navigation(Command c) {
        switch (c) {
            case Command::Quit: quit_ = true; return true;
            case Command::Back:
                if (model_.view == View::Mixer) quit_ = true;
                model_.view = View::Mixer;
                model_.dirty = true;
                return true;
            case Command::Help:
                model_.view = View::Help;
                model_.dirty = true;
                return true;
            case Command::HardwareView: open_hardware(); return true;
            case Command::PhoneLink:
                // Asked afresh each time: a renewed link or a page turned on since shows at once.
                model_.view = View::PhoneLink;
                model_.links = PhoneLinks{};
                model_.links.request = request({{"op", "remote"}});
                return true;
            case Command::EqView:
                model_.view = View::Eq;
                model_.dirty = true;
                return true;
            case Command::Redraw:
                clearok(stdscr, TRUE);
                model_.dirty = true;
                return true;
            case Command::NextMix:
            case Command::PreviousMix:
                if (!model_.mixes.empty()) {
                    const std::size_t n = model_.mixes.size();
                    model_.mix = (model_.mix + (c == Command::NextMix ? 1 : n - 1)) % n;
                }
                model_.dirty = true;
                return true;
            default: break;
        }
        if (c >= Command::Mix1 && c <= Command::Mix10) {
            const auto index = static_cast<std::size_t>(static_cast<int>(c) - static_cast<int>(Command::Mix1));
            if (index < model_.mixes.size()) model_.mix = index;
            model_.dirty = true;
            return true;
        }
        return false;
    }

    // The mixer view's keys on the selected fader.
    void handle_mixer(Command c) {
        const double max_db = model_.master_selected() ? core::kMaxMasterDb : core::kMaxSendDb;
        switch (c) {
            case Command::Left:
                if (model_.selected > 0) --model_.selected;
                model_.dirty = true;
                break;
            case Command::Right:
                if (model_.selected + 1 < model_.fader_count()) ++model_.selected;
                model_.dirty = true;
                break;
            case Command::Up: fader_request({{"level_step_db", 1.0}}); break;
            case Command::Down: fader_request({{"level_step_db", -1.0}}); break;
            case Command::PageUp: fader_request({{"level_step_db", 5.0}}); break;
            case Command::PageDown: fader_request({{"level_step_db", -5.0}}); break;
            case Command::Mute: fader_request({{"mute", "toggle"}}); break;
            case Command::Solo:
                if (!model_.master_selected()) fader_request({{"solo", "toggle"}});
                break;
            case Command::PanLeft:
            case Command::PanRight:
                if (!model_.master_selected())
                    fader_request({{"pan_step", c == Command::PanLeft ? -kPanStep : kPanStep}});
                break;
            case Command::PanCentre:
                if (!model_.master_selected()) fader_request({{"pan", 0.0}});
                break;
            case Command::Link:
                if (!model_.master_selected()) {
                    const control::SourceRecord& src = model_.sources[model_.selected];
                    request({{"op", src.stereo ? "unlink" : "link"}, {"source", src.name}});
                }
                break;
            default:
                if (c >= Command::Percent0 && c <= Command::Percent90) {
                    const int tenths = static_cast<int>(c) - static_cast<int>(Command::Percent0);
                    fader_request({{"level_db", control::position_to_db(tenths / 10.0, max_db)}});
                }
                break;
        }
    }

    std::filesystem::path socket_;
    std::unique_ptr<control::ControlClient> client_;
    Model model_;
    bool quit_ = false;
};

}  // namespace

int run(const std::optional<std::string>& socket) {
    MixerScreen screen(control::socket_path(socket));
    try {
        screen.connect();
    } catch (const control::NotRunning& e) {
        std::cerr << "headamp: " << e.what() << "\n" << start_hint() << "\n";
        return kNotRunning;
    }
    return screen.run();
}

}  // namespace headamp::cli::tui
