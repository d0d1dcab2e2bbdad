// The subcommands (see commands.hpp) in one table: arguments -> request -> answer -> text or JSON; the
// table also writes the usage text.
#include "cli/commands.hpp"

#include <cctype>
#include <iostream>
#include <stdexcept>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "cli/remote_render.hpp"
#include "cli/render.hpp"
#include "cli/value_syntax.hpp"
#include "control/control_client.hpp"
#include "control/paths.hpp"
#include "core/graph.hpp"

namespace headamp::cli {

using nlohmann::json;

namespace {

class UsageError : public std::runtime_error {
public:
    using runtime_error::runtime_error;
};

// The arguments after the command's name.
using Args = std::vector<std::string>;

// One subcommand: `name` (one word, or two for a command with a subcommand: "mix add"), the arguments it
// takes (`synopsis`, and how many: min_args..max_args), what it is for (one line in --help), the request it
// sends and how its answer is printed; `json_part`: the field of the answer that --json prints (nothing:
// all of it). `follow` is for the one command that is a stream of events rather than one answer.
struct Command {
    std::string_view name;
    std::string_view synopsis;
    std::string_view help;
    std::size_t min_args, max_args;
    json (*request)(const Args& args);
    void (*print)(const json& answer);
    const char* json_part = nullptr;
    int (*follow)(const Invocation& inv, const Args& args, control::ControlClient& client) = nullptr;
};

std::string usage_of(const Command& c) {
    return std::string(c.name) + (c.synopsis.empty() ? "" : " ") + std::string(c.synopsis);
}

json level_request(const char* op, const std::string& value, double max_db) {
    json r = {{"op", op}};
    if (auto error = parse_level_value(value, max_db, r)) throw UsageError(*error);
    return r;
}

// `eq MIX on|off` or `eq MIX BAND [gain=DB|NdB] [freq=HZ|NHz] [q=Q]`.
json eq_request(const Args& a) {
    json r = {{"op", "eq"}, {"mix", a[0]}};
    if (auto sw = parse_switch(a[1]); sw && a.size() == 2) {
        r["enabled"] = *sw;
        return r;
    }
    r["band"] = a[1];
    if (a.size() == 2) throw UsageError("say what to change in the band: gain=DB, freq=HZ or q=Q");
    for (std::size_t i = 2; i < a.size(); ++i) {
        const std::string& t = a[i];
        const auto eq = t.find('=');
        const std::string key = eq == std::string::npos ? "" : t.substr(0, eq);
        const std::string val = eq == std::string::npos ? t : t.substr(eq + 1);
        const std::string kind = !key.empty()                                                                   ? key
                                 : parse_number(val, "dB") && val.size() > 2 && std::tolower(val.back()) == 'b' ? "gain"
                                 : parse_number(val, "Hz") && std::tolower(val.back()) == 'z'                   ? "freq"
                                                                                                                : "";
        std::optional<double> v;
        if (kind == "gain") {
            if (!(v = parse_number(val, "dB"))) throw UsageError("gain '" + val + "' is not a number of dB");
            r["gain_db"] = *v;
        } else if (kind == "freq") {
            if (!(v = parse_number(val, "Hz"))) throw UsageError("frequency '" + val + "' is not a number of Hz");
            r["freq_hz"] = *v;
        } else if (kind == "q") {
            if (!(v = parse_number(val, ""))) throw UsageError("Q '" + val + "' is not a number");
            r["q"] = *v;
        } else {
            throw UsageError("'" + t + "' is not gain=DB, freq=HZ or q=Q (or 3dB, 120Hz)");
        }
    }
    return r;
}

struct MonitorOptions {
    double meters_hz = 0;
    long count = -1;  // events to print; -1: until interrupted
};

MonitorOptions monitor_options(const Args& a) {
    MonitorOptions o;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i] == "--meters" && i + 1 < a.size()) {
            auto v = parse_number(a[++i], "Hz");
            if (!v || *v <= 0 || *v > 60) throw UsageError("--meters takes a rate from 1 to 60 (per second)");
            o.meters_hz = *v;
        } else if (a[i] == "--count" && i + 1 < a.size()) {
            auto v = parse_number(a[++i], "");
            if (!v || *v < 1) throw UsageError("--count takes a positive number");
            o.count = static_cast<long>(*v);
        } else {
            throw UsageError("usage: headamp monitor [--meters HZ] [--count N]");
        }
    }
    return o;
}

// After the subscription was accepted: every event, as it comes.
int monitor(const Invocation& inv, const Args& args, control::ControlClient& client) {
    long count = monitor_options(args).count;
    if (!inv.json) std::cout << "watching headampd (Ctrl-C to stop)" << std::endl;
    while (count != 0) {
        auto m = client.next_message(std::chrono::hours(24));
        if (!m || !m->contains("event")) continue;
        if (inv.json)
            std::cout << m->dump() << std::endl;
        else
            std::cout << render_event(*m) << std::flush;
        if (count > 0) --count;
    }
    return kSuccess;
}

std::string text(const json& answer, const char* field) { return answer[field].get<std::string>(); }

void print_send(const json& a) { std::cout << render_send(a["mix"], a["send"]); }

void print_eq(const json& answer) {
    const json& eq = answer["eq"];
    std::cout << text(answer, "mix") << " EQ " << (eq["enabled"].get<bool>() ? "on" : "off");
    for (const char* b : {"low", "mid", "high"})
        std::cout << "  " << b << " " << eq[b]["freq_hz"].get<double>() << " Hz "
                  << format_db(eq[b]["gain_db"].get<double>()) << " Q " << eq[b]["q"].get<double>();
    std::cout << "\n";
}

json status_request(const Args&) { return {{"op", "status"}}; }

// `mix add NAME [--output SPEC | --output=SPEC]`.
json mix_add_request(const Args& a) {
    json r = {{"op", "mix_add"}, {"name", a[0]}};
    if (a.size() == 3 && a[1] == "--output")
        r["output"] = a[2];
    else if (a.size() == 2 && a[1].rfind("--output=", 0) == 0)
        r["output"] = a[1].substr(9);
    else if (a.size() != 1)
        throw UsageError("usage: headamp mix add NAME [--output DEVICE:CH1,CH2]");
    return r;
}

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {"status", "", "daemon, JACK, devices, sources and mixes", 0, 0, status_request,
         [](const json& a) { std::cout << render_status(a); }},
        {"devices", "", "the devices part of that", 0, 0, status_request,
         [](const json& a) { std::cout << render_devices(a); }, "devices"},
        {"sources", "", "the sources part", 0, 0, status_request, [](const json& a) { std::cout << render_sources(a); },
         "sources"},
        {"mixes", "", "the mixes part", 0, 0, status_request, [](const json& a) { std::cout << render_mixes(a); },
         "mixes"},
        {"set", "MIX SOURCE VALUE", "send level: -6dB, 3dB+, 2dB-, 80%, mute, unmute, toggle", 3, 3,
         [](const Args& a) {
             json r = level_request("set", a[2], core::kMaxSendDb);
             r["mix"] = a[0];
             r["source"] = a[1];
             return r;
         },
         print_send},
        {"pan", "MIX SOURCE P", "-100 = left .. 0 = centre .. 100 = right", 3, 3,
         [](const Args& a) -> json {
             auto p = parse_pan(a[2]);
             if (!p)
                 throw UsageError("pan '" + a[2] +
                                  "' must be a number from -100 (left) to 100 (right), or L50, C, R30");
             return {{"op", "set"}, {"mix", a[0]}, {"source", a[1]}, {"pan", *p}};
         },
         print_send},
        {"solo", "MIX SOURCE on|off|toggle", "", 3, 3,
         [](const Args& a) -> json {
             auto s = parse_switch(a[2]);
             if (!s) throw UsageError("solo takes on, off or toggle, not '" + a[2] + "'");
             return {{"op", "set"}, {"mix", a[0]}, {"source", a[1]}, {"solo", *s}};
         },
         print_send},
        {"own", "MIX SOURCE on|off|toggle", "one of the mix's musician's own sources (\"more me\")", 3, 3,
         [](const Args& a) -> json {
             auto s = parse_switch(a[2]);
             if (!s) throw UsageError("own takes on, off or toggle, not '" + a[2] + "'");
             return {{"op", "own"}, {"mix", a[0]}, {"source", a[1]}, {"own", *s}};
         },
         print_send},
        {"more-me", "MIX STEP", "every own source of the mix up (3dB) or down (-3dB) together", 2, 2,
         [](const Args& a) -> json {
             auto v = parse_number(a[1], "dB");
             if (!v) throw UsageError("step '" + a[1] + "' must be a number of dB, e.g. 3dB or -2dB");
             return {{"op", "more_me"}, {"mix", a[0]}, {"step_db", *v}};
         },
         [](const json& a) {
             for (const json& s : a["sends"]) std::cout << render_send(text(a, "mix"), s);
         }},
        {"master", "MIX VALUE", "the mix's master level, same VALUE syntax", 2, 2,
         [](const Args& a) {
             json r = level_request("master", a[1], core::kMaxMasterDb);
             r["mix"] = a[0];
             return r;
         },
         [](const json& a) {
             std::cout << text(a, "mix") << " master: " << format_db(a["master_db"].get<double>())
                       << (a["mute"].get<bool>() ? ", muted" : ", unmuted") << "\n";
         }},
        {"link", "SOURCE", "stereo pair of adjacent channels", 1, 1,
         [](const Args& a) -> json {
             return {{"op", "link"}, {"source", a[0]}};
         },
         [](const json& a) { std::cout << "source " << text(a, "source") << " is now a stereo pair\n"; }},
        {"unlink", "SOURCE", "a stereo pair back to two mono sources", 1, 1,
         [](const Args& a) -> json {
             return {{"op", "unlink"}, {"source", a[0]}};
         },
         [](const json& a) {
             std::cout << "source " << text(a, "source") << " is now two mono sources: " << text(a, "source") << " and "
                       << text(a, "right") << "\n";
         }},
        {"mix add", "NAME [--output DEVICE:CH1,CH2]", "", 1, 3, mix_add_request,
         [](const json& a) { std::cout << "added mix " << text(a, "mix") << "\n"; }},
        {"mix remove", "NAME", "", 1, 1,
         [](const Args& a) -> json {
             return {{"op", "mix_remove"}, {"mix", a[0]}};
         },
         [](const json& a) { std::cout << "removed mix " << text(a, "mix") << "\n"; }},
        {"mix route", "NAME DEVICE:CH1,CH2", "or two JACK ports: client:port,client:port", 2, 2,
         [](const Args& a) -> json {
             return {{"op", "mix_route"}, {"mix", a[0]}, {"output", a[1]}};
         },
         [](const json& a) {
             std::cout << "mix " << text(a, "mix") << " -> " << a["output"][0].get<std::string>() << ", "
                       << a["output"][1].get<std::string>() << "\n";
         }},
        {"eq", "MIX on|off|toggle | eq MIX low|mid|high [gain=DB] [freq=HZ] [q=Q]", "", 2, 5, eq_request, print_eq},
        {"limit", "MIX CEILING", "limiter ceiling, -60dB .. 0dB", 2, 2,
         [](const Args& a) -> json {
             auto v = parse_number(a[1], "dB");
             if (!v) throw UsageError("ceiling '" + a[1] + "' must be a number of dB, e.g. -1dB");
             return {{"op", "limit"}, {"mix", a[0]}, {"ceiling_db", *v}};
         },
         [](const json& a) {
             std::cout << text(a, "mix") << " limiter ceiling " << format_db(a["ceiling_db"].get<double>()) << "\n";
         }},
        {"controls", "DEVICE", "the device's hardware mixer controls", 1, 1,
         [](const Args& a) -> json {
             return {{"op", "controls"}, {"device", a[0]}};
         },
         [](const json& a) { std::cout << render_controls(a); }},
        {"control", "DEVICE NAME [VALUE]", "one of them, and setting it", 2, 3,
         [](const Args& a) {
             json r = {{"op", "control"}, {"device", a[0]}, {"name", a[1]}};
             if (a.size() == 3) r["value"] = a[2];
             return r;
         },
         [](const json& a) { std::cout << render_control(a["control"]); }},
        {"snapshot save", "NAME", "", 1, 1,
         [](const Args& a) -> json {
             return {{"op", "snapshot_save"}, {"name", a[0]}};
         },
         [](const json& a) { std::cout << "saved snapshot " << text(a, "name") << "\n"; }},
        {"snapshot load", "NAME", "", 1, 1,
         [](const Args& a) -> json {
             return {{"op", "snapshot_load"}, {"name", a[0]}};
         },
         [](const json& a) { std::cout << "loaded snapshot " << text(a, "name") << "\n"; }},
        {"snapshot list", "", "", 0, 0,
         [](const Args&) -> json {
             return {{"op", "snapshot_list"}};
         },
         [](const json& a) {
             for (const json& n : a["snapshots"]) std::cout << n.get<std::string>() << "\n";
             if (a["snapshots"].empty()) std::cout << "no snapshots in " << text(a, "dir") << "\n";
         }},
        {"remote renew", "MIX", "a new link for the mix; its old link stops working", 1, 1,
         [](const Args& a) -> json {
             return {{"op", "remote_renew"}, {"mix", a[0]}};
         },
         [](const json& a) { std::cout << render_renewed(a); }},
        {"remote", "", "each mix's phone link, with a QR code", 0, 0,
         [](const Args&) -> json {
             return {{"op", "remote"}};
         },
         [](const json& a) { std::cout << render_remote(a); }},
        {"monitor", "[--meters HZ] [--count N]", "print change events as they happen", 0, 4,
         [](const Args& a) -> json {
             return {{"op", "subscribe"}, {"meters_hz", monitor_options(a).meters_hz}};
         },
         nullptr, nullptr, monitor},
    };
    return table;
}

// The command `a` names, and where its arguments start; throws UsageError.
std::pair<const Command*, std::size_t> find_command(const Args& a) {
    std::string group_usage;
    for (const Command& c : commands()) {
        const std::size_t space = c.name.find(' ');
        if (space == std::string_view::npos) {
            if (c.name == a[0]) return {&c, 1};
            continue;
        }
        if (c.name.substr(0, space) != a[0]) continue;
        if (a.size() > 1 && c.name.substr(space + 1) == a[1]) return {&c, 2};
        group_usage += (group_usage.empty() ? "" : " | ") + usage_of(c);
    }
    if (!group_usage.empty()) throw UsageError("usage: headamp " + group_usage);
    throw UsageError("unknown command '" + a[0] + "'; try 'headamp --help'");
}

}  // namespace

const char* start_hint() {
    return "Start it with 'systemctl --user start headamp', or run 'headampd &' (see headampd(8)).";
}

const char* usage_text() {
    static const std::string text = [] {
        std::string t =
            "Usage: headamp [--socket PATH] [--json] [COMMAND [ARG]...]\n"
            "Control headampd, the stereo-correct headphone amp and cue mixer. Without a command: the mixer\n"
            "screen (alsamixer-style). Names match case-insensitively, by unique prefix, or by number.\n"
            "\n";
        for (const Command& c : commands()) {
            std::string line = "  " + usage_of(c);
            if (!c.help.empty())
                line += (line.size() < 34 ? std::string(34 - line.size(), ' ') : "  ") + std::string(c.help);
            t += line + "\n";
        }
        return t +
               "\n"
               "  --socket PATH   the daemon's socket (default: $HEADAMP_SOCKET, else\n"
               "                  $XDG_RUNTIME_DIR/headamp/control, else /tmp/headamp-$UID/control)\n"
               "  --json          print answers as JSON, for scripts\n"
               "\n"
               "Exit status: 0 done, 1 refused by the daemon, 2 usage error, 3 daemon not running.\n"
               "See headamp(1).\n";
    }();
    return text.c_str();
}

int run_command(const Invocation& inv) {
    try {
        const auto [command, first] = find_command(inv.args);
        const Args args(inv.args.begin() + static_cast<long>(first), inv.args.end());
        if (args.size() < command->min_args || args.size() > command->max_args)
            throw UsageError("usage: headamp " + usage_of(*command) +
                             (command->help.empty() ? "" : "   (" + std::string(command->help) + ")"));
        const json request = command->request(args);
        control::ControlClient client(control::socket_path(inv.socket));
        const json answer = client.request(request);
        json shown = answer;
        if (command->json_part) shown = {{command->json_part, answer.value(command->json_part, json())}};
        shown.erase("id");
        if (answer.contains("error")) {
            std::cerr << "headamp: " << answer["error"].get<std::string>() << "\n";
            if (inv.json && !command->follow) std::cout << shown.dump(2) << "\n";
            return kRefused;
        }
        if (command->follow) return command->follow(inv, args, client);
        if (inv.json)
            std::cout << shown.dump(2) << "\n";
        else
            command->print(answer);
        return kSuccess;
    } catch (const UsageError& e) {
        std::cerr << "headamp: " << e.what() << "\n";
        return kUsageError;
    } catch (const control::NotRunning& e) {
        std::cerr << "headamp: " << e.what() << "\n" << start_hint() << "\n";
        return kNotRunning;
    } catch (const control::ConnectionError& e) {
        std::cerr << "headamp: " << e.what() << "\n";
        return kNotRunning;
    }
}

}  // namespace headamp::cli
