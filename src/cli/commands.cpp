// The subcommands (see commands.hpp): arguments -> request -> answer -> text or JSON.
#include "cli/commands.hpp"

#include <cctype>
#include <iostream>
#include <stdexcept>

#include <nlohmann/json.hpp>

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

const std::vector<std::string>& need(const std::vector<std::string>& a, std::size_t min, std::size_t max,
                                     const char* synopsis) {
    if (a.size() < min || a.size() > max) throw UsageError(std::string("usage: headamp ") + synopsis);
    return a;
}

json level_request(const char* op, const std::string& value, double max_db) {
    json r = {{"op", op}};
    if (auto error = parse_level_value(value, max_db, r)) throw UsageError(*error);
    return r;
}

// `eq MIX on|off` or `eq MIX BAND [gain=DB|NdB] [freq=HZ|NHz] [q=Q]`.
json eq_request(const std::vector<std::string>& a) {
    need(a, 3, 6, "eq MIX on|off|toggle  or  eq MIX low|mid|high [gain=DB] [freq=HZ] [q=Q]");
    json r = {{"op", "eq"}, {"mix", a[1]}};
    if (auto sw = parse_switch(a[2]); sw && a.size() == 3) {
        r["enabled"] = *sw;
        return r;
    }
    r["band"] = a[2];
    if (a.size() == 3) throw UsageError("say what to change in the band: gain=DB, freq=HZ or q=Q");
    for (std::size_t i = 3; i < a.size(); ++i) {
        const std::string& t = a[i];
        const auto eq = t.find('=');
        const std::string key = eq == std::string::npos ? "" : t.substr(0, eq);
        const std::string val = eq == std::string::npos ? t : t.substr(eq + 1);
        const std::string kind = !key.empty()                                  ? key
                                 : parse_number(val, "dB") && val.size() > 2 && std::tolower(val.back()) == 'b' ? "gain"
                                 : parse_number(val, "Hz") && std::tolower(val.back()) == 'z' ? "freq"
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

// The request a subcommand sends; nothing for the ones that are not one request.
json build_request(const std::vector<std::string>& a) {
    const std::string& cmd = a[0];
    if (cmd == "status" || cmd == "devices" || cmd == "sources" || cmd == "mixes") {
        need(a, 1, 1, (cmd + "").c_str());
        return {{"op", "status"}};
    }
    if (cmd == "set") {
        need(a, 4, 4, "set MIX SOURCE VALUE   (VALUE: -6dB, 3dB+, 2dB-, 80%, mute, unmute, toggle)");
        json r = level_request("set", a[3], core::kMaxSendDb);
        r["mix"] = a[1];
        r["source"] = a[2];
        return r;
    }
    if (cmd == "master") {
        need(a, 3, 3, "master MIX VALUE   (VALUE: -6dB, 3dB+, 2dB-, 80%, mute, unmute, toggle)");
        json r = level_request("master", a[2], core::kMaxMasterDb);
        r["mix"] = a[1];
        return r;
    }
    if (cmd == "pan") {
        need(a, 4, 4, "pan MIX SOURCE P   (P: -100 = left .. 0 = centre .. 100 = right)");
        auto p = parse_pan(a[3]);
        if (!p) throw UsageError("pan '" + a[3] + "' must be a number from -100 (left) to 100 (right), or L50, C, R30");
        return {{"op", "set"}, {"mix", a[1]}, {"source", a[2]}, {"pan", *p}};
    }
    if (cmd == "solo") {
        need(a, 4, 4, "solo MIX SOURCE on|off|toggle");
        auto s = parse_switch(a[3]);
        if (!s) throw UsageError("solo takes on, off or toggle, not '" + a[3] + "'");
        return {{"op", "set"}, {"mix", a[1]}, {"source", a[2]}, {"solo", *s}};
    }
    if (cmd == "link" || cmd == "unlink") {
        need(a, 2, 2, cmd == "link" ? "link SOURCE" : "unlink SOURCE");
        return {{"op", cmd}, {"source", a[1]}};
    }
    if (cmd == "mix") {
        const char* synopsis = "mix add NAME [--output DEVICE:CH1,CH2] | mix remove NAME | mix route NAME DEVICE:CH1,CH2";
        if (a.size() < 3) throw UsageError(std::string("usage: headamp ") + synopsis);
        if (a[1] == "add") {
            json r = {{"op", "mix_add"}, {"name", a[2]}};
            if (a.size() == 5 && a[3] == "--output") r["output"] = a[4];
            else if (a.size() == 4 && a[3].rfind("--output=", 0) == 0) r["output"] = a[3].substr(9);
            else if (a.size() != 3) throw UsageError(std::string("usage: headamp ") + synopsis);
            return r;
        }
        if (a[1] == "remove" && a.size() == 3) return {{"op", "mix_remove"}, {"mix", a[2]}};
        if (a[1] == "route" && a.size() == 4) return {{"op", "mix_route"}, {"mix", a[2]}, {"output", a[3]}};
        throw UsageError(std::string("usage: headamp ") + synopsis);
    }
    if (cmd == "eq") return eq_request(a);
    if (cmd == "limit") {
        need(a, 3, 3, "limit MIX CEILING   (CEILING: -60dB .. 0dB)");
        auto v = parse_number(a[2], "dB");
        if (!v) throw UsageError("ceiling '" + a[2] + "' must be a number of dB, e.g. -1dB");
        return {{"op", "limit"}, {"mix", a[1]}, {"ceiling_db", *v}};
    }
    if (cmd == "controls") {
        need(a, 2, 2, "controls DEVICE");
        return {{"op", "controls"}, {"device", a[1]}};
    }
    if (cmd == "control") {
        need(a, 3, 4, "control DEVICE NAME [VALUE]");
        json r = {{"op", "control"}, {"device", a[1]}, {"name", a[2]}};
        if (a.size() == 4) r["value"] = a[3];
        return r;
    }
    if (cmd == "snapshot") {
        const char* synopsis = "snapshot save NAME | snapshot load NAME | snapshot list";
        if (a.size() == 2 && a[1] == "list") return {{"op", "snapshot_list"}};
        if (a.size() == 3 && (a[1] == "save" || a[1] == "load")) return {{"op", "snapshot_" + a[1]}, {"name", a[2]}};
        throw UsageError(std::string("usage: headamp ") + synopsis);
    }
    throw UsageError("unknown command '" + cmd + "'; try 'headamp --help'");
}

void print_human(const std::vector<std::string>& a, const json& answer) {
    const std::string& cmd = a[0];
    if (cmd == "status") std::cout << render_status(answer);
    else if (cmd == "devices") std::cout << render_devices(answer);
    else if (cmd == "sources") std::cout << render_sources(answer);
    else if (cmd == "mixes") std::cout << render_mixes(answer);
    else if (cmd == "set" || cmd == "pan" || cmd == "solo") std::cout << render_send(answer["mix"], answer["send"]);
    else if (cmd == "master")
        std::cout << answer["mix"].get<std::string>() << " master: " << format_db(answer["master_db"].get<double>())
                  << (answer["mute"].get<bool>() ? ", muted" : ", unmuted") << "\n";
    else if (cmd == "link")
        std::cout << "source " << answer["source"].get<std::string>() << " is now a stereo pair\n";
    else if (cmd == "unlink")
        std::cout << "source " << answer["source"].get<std::string>() << " is now two mono sources: "
                  << answer["source"].get<std::string>() << " and " << answer["right"].get<std::string>() << "\n";
    else if (cmd == "mix" && a[1] == "add")
        std::cout << "added mix " << answer["mix"].get<std::string>() << "\n";
    else if (cmd == "mix" && a[1] == "remove")
        std::cout << "removed mix " << answer["mix"].get<std::string>() << "\n";
    else if (cmd == "mix" && a[1] == "route")
        std::cout << "mix " << answer["mix"].get<std::string>() << " -> " << answer["output"][0].get<std::string>()
                  << ", " << answer["output"][1].get<std::string>() << "\n";
    else if (cmd == "eq") {
        const json& eq = answer["eq"];
        std::cout << answer["mix"].get<std::string>() << " EQ " << (eq["enabled"].get<bool>() ? "on" : "off");
        for (const char* b : {"low", "mid", "high"})
            std::cout << "  " << b << " " << eq[b]["freq_hz"].get<double>() << " Hz "
                      << format_db(eq[b]["gain_db"].get<double>()) << " Q " << eq[b]["q"].get<double>();
        std::cout << "\n";
    } else if (cmd == "limit")
        std::cout << answer["mix"].get<std::string>() << " limiter ceiling " << format_db(answer["ceiling_db"].get<double>())
                  << "\n";
    else if (cmd == "controls") std::cout << render_controls(answer);
    else if (cmd == "control") std::cout << render_control(answer["control"]);
    else if (cmd == "snapshot" && a[1] == "list") {
        for (const json& n : answer["snapshots"]) std::cout << n.get<std::string>() << "\n";
        if (answer["snapshots"].empty()) std::cout << "no snapshots in " << answer["dir"].get<std::string>() << "\n";
    } else if (cmd == "snapshot")
        std::cout << (a[1] == "save" ? "saved" : "loaded") << " snapshot " << answer["name"].get<std::string>() << "\n";
}

json json_output(const std::vector<std::string>& a, const json& answer) {
    const std::string& cmd = a[0];
    if (cmd == "devices" || cmd == "sources" || cmd == "mixes") return {{cmd, answer[cmd]}};
    json out = answer;
    out.erase("id");
    return out;
}

int monitor(const Invocation& inv, control::ControlClient& client) {
    const auto& a = inv.args;
    double hz = 0;
    long count = -1;
    for (std::size_t i = 1; i < a.size(); ++i) {
        if (a[i] == "--meters" && i + 1 < a.size()) {
            auto v = parse_number(a[++i], "Hz");
            if (!v || *v <= 0 || *v > 60) throw UsageError("--meters takes a rate from 1 to 60 (per second)");
            hz = *v;
        } else if (a[i] == "--count" && i + 1 < a.size()) {
            auto v = parse_number(a[++i], "");
            if (!v || *v < 1) throw UsageError("--count takes a positive number");
            count = static_cast<long>(*v);
        } else {
            throw UsageError("usage: headamp monitor [--meters HZ] [--count N]");
        }
    }
    const json answer = client.request({{"op", "subscribe"}, {"meters_hz", hz}});
    if (answer.contains("error")) {
        std::cerr << "headamp: " << answer["error"].get<std::string>() << "\n";
        return kRefused;
    }
    if (!inv.json) std::cout << "watching headampd (Ctrl-C to stop)" << std::endl;
    while (count != 0) {
        auto m = client.next_message(std::chrono::hours(24));
        if (!m || !m->contains("event")) continue;
        if (inv.json) std::cout << m->dump() << std::endl;
        else std::cout << render_event(*m) << std::flush;
        if (count > 0) --count;
    }
    return kSuccess;
}

}  // namespace

const char* start_hint() {
    return "Start it with 'systemctl --user start headamp', or run 'headampd &' (see headampd(8)).";
}

const char* usage_text() {
    return "Usage: headamp [--socket PATH] [--json] [COMMAND [ARG]...]\n"
           "Control headampd, the stereo-correct headphone amp and cue mixer. Without a command: the mixer\n"
           "screen (alsamixer-style). Names match case-insensitively, by unique prefix, or by number.\n"
           "\n"
           "  status                          daemon, JACK, devices, sources and mixes\n"
           "  devices | sources | mixes       one part of that\n"
           "  set MIX SOURCE VALUE            send level: -6dB, 3dB+, 2dB-, 80%, mute, unmute, toggle\n"
           "  pan MIX SOURCE P                -100 = left .. 0 = centre .. 100 = right\n"
           "  solo MIX SOURCE on|off|toggle\n"
           "  master MIX VALUE                the mix's master level, same VALUE syntax\n"
           "  link SOURCE | unlink SOURCE     stereo pair of adjacent channels, and back\n"
           "  mix add NAME [--output DEVICE:CH1,CH2]\n"
           "  mix remove NAME\n"
           "  mix route NAME DEVICE:CH1,CH2   or two JACK ports: client:port,client:port\n"
           "  eq MIX on|off | eq MIX low|mid|high [gain=DB] [freq=HZ] [q=Q]\n"
           "  limit MIX CEILING               limiter ceiling, -60dB .. 0dB\n"
           "  controls DEVICE | control DEVICE NAME [VALUE]   hardware mixer controls\n"
           "  snapshot save NAME | snapshot load NAME | snapshot list\n"
           "  monitor [--meters HZ] [--count N]   print change events as they happen\n"
           "\n"
           "  --socket PATH   the daemon's socket (default: $HEADAMP_SOCKET, else\n"
           "                  $XDG_RUNTIME_DIR/headamp/control, else /tmp/headamp-$UID/control)\n"
           "  --json          print answers as JSON, for scripts\n"
           "\n"
           "Exit status: 0 done, 1 refused by the daemon, 2 usage error, 3 daemon not running.\n"
           "See headamp(1).\n";
}

int run_command(const Invocation& inv) {
    const auto& a = inv.args;
    try {
        json request;
        if (a[0] != "monitor") request = build_request(a);
        control::ControlClient client(control::socket_path(inv.socket));
        if (a[0] == "monitor") return monitor(inv, client);
        const json answer = client.request(request);
        if (answer.contains("error")) {
            std::cerr << "headamp: " << answer["error"].get<std::string>() << "\n";
            if (inv.json) std::cout << json_output(a, answer).dump(2) << "\n";
            return kRefused;
        }
        if (inv.json) std::cout << json_output(a, answer).dump(2) << "\n";
        else print_human(a, answer);
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
