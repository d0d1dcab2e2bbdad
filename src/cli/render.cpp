// Text rendering (see render.hpp).
#include "cli/render.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/graph.hpp"

namespace headamp::cli {

using nlohmann::json;

namespace {
std::string pad(std::string s, std::size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}
std::string join_ports(const json& ports) {
    std::string out;
    for (const json& p : ports) out += (out.empty() ? "" : ", ") + p.get<std::string>();
    return out.empty() ? "(not connected)" : out;
}
std::string flags(const json& send) {
    std::string out;
    if (send.value("mute", false)) out += "  muted";
    if (send.value("solo", false)) out += "  solo";
    return out;
}
// How a device is in the graph: bridged, JACK2's own device, or, under PipeWire, its node and profile.
std::string graph_path(const json& d) {
    const auto pw = d.find("pipewire");
    if (pw == d.end() || !pw->is_object())
        return d.value("graph", std::string()) == "bridged" ? "bridged" : "JACK's own device";
    std::string out = "PipeWire node \"" + pw->value("description", std::string()) + "\" (";
    const std::string profile = pw->value("profile", std::string());
    if (!profile.empty()) out += "profile " + profile + ", ";
    out += "quantum " + std::to_string(pw->value("quantum", 0u));
    if (pw->value("hardware_volume", std::string()) == "pipewire") out += "; PipeWire sets its output volume";
    return out + ")";
}
}  // namespace

std::string format_db(double db) {
    if (db <= core::kSilenceDb) return "-inf dB";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%+.1f dB", std::fabs(db) < 0.05 ? 0.0 : db);
    return buf;
}

std::string format_pan(double pan) {
    const int p = static_cast<int>(std::lround(pan * 100.0));
    if (p == 0) return "C";
    return (p < 0 ? "L" : "R") + std::to_string(std::abs(p));
}

namespace {
// A NetJACK2 station's first two lines: its name, and its channels with the latency its proxy states.
std::string render_station(const json& d) {
    std::ostringstream out;
    out << "  " << pad(d.value("identity", std::string()), 10) << d.value("product", std::string()) << "\n"
        << "       station, " << d.value("capture_channels", 0) << " in / " << d.value("playback_channels", 0)
        << " out";
    if (d.contains("latency_periods") && d["latency_periods"].is_number()) {
        const int periods = d["latency_periods"].get<int>();
        out << ", NetJACK2 latency " << periods << (periods == 1 ? " period" : " periods");
    }
    if (d.contains("round_trip_ms") && d["round_trip_ms"].is_number()) {
        char ms[32];
        std::snprintf(ms, sizeof ms, "%.1f ms", d["round_trip_ms"].get<double>());
        out << ", round trip " << ms;
    }
    out << (d.value("patched", false) ? "" : ", waiting for its ports") << "\n";
    return out.str();
}
}  // namespace

std::string render_devices(const json& status) {
    const json& devices = status["devices"];
    if (devices.empty()) return "devices: none (plug in a USB audio interface)\n";
    std::ostringstream out;
    out << "devices:\n";
    for (const json& d : devices) {
        if (d.value("kind", std::string("usb")) == "station") {
            out << render_station(d);
        } else {
            out << "  " << pad(d.value("card_id", std::string("?")), 10) << d.value("manufacturer", std::string())
                << " " << d.value("product", std::string()) << "\n"
                << "       card " << d.value("card", -1) << ", " << d.value("capture_channels", 0) << " in / "
                << d.value("playback_channels", 0) << " out, " << graph_path(d)
                << (d.value("patched", false) ? "" : ", waiting for its ports") << ", identity "
                << d.value("identity", std::string()) << "\n";
        }
        std::string sources, outputs;
        for (const json& s : d.value("sources", json::array()))
            sources += (sources.empty() ? "" : ", ") + s.get<std::string>();
        for (const json& m : d.value("outputs", json::array()))
            outputs += (outputs.empty() ? "" : ", ") + m.get<std::string>();
        out << "       sources: " << (sources.empty() ? "(none)" : sources)
            << "   outputs: " << (outputs.empty() ? "(none)" : outputs) << "\n";
        for (const json& b : d.value("bridges", json::array())) {
            out << "       bridge " << pad(b.value("name", std::string()), 14) << b.value("state", std::string());
            if (const unsigned r = b.value("restarts", 0u)) out << ", restarted " << r << "x";
            if (const unsigned l = b.value("sync_losses", 0u)) out << ", lost sync " << l << "x";
            out << "\n";
        }
    }
    return out.str();
}

std::string render_sources(const json& status) {
    std::ostringstream out;
    out << "sources:\n";
    for (const json& s : status["sources"]) {
        out << "  " << pad(std::to_string(s["number"].get<int>()), 3) << pad(s["name"].get<std::string>(), 12)
            << pad(s["stereo"].get<bool>() ? "stereo" : "mono", 8) << "<- " << join_ports(s["ports"]) << "\n";
    }
    if (status["sources"].empty()) out << "  (none)\n";
    return out.str();
}

std::string render_mixes(const json& status) {
    std::ostringstream out;
    out << "mixes:\n";
    for (const json& m : status["mixes"]) {
        out << "  " << pad(std::to_string(m["number"].get<int>()), 3) << pad(m["name"].get<std::string>(), 12) << "-> "
            << (m["output"].is_null() ? std::string("(no output)") : join_ports(m["output"])) << "\n"
            << "       master " << format_db(m["master_db"].get<double>()) << (m["mute"].get<bool>() ? "  muted" : "")
            << (m["mono"].get<bool>() ? "  mono" : "") << "  pan law " << m["pan_law"].get<std::string>()
            << "  limiter " << format_db(m["limiter_ceiling_db"].get<double>())
            << (m["eq"]["enabled"].get<bool>() ? "  EQ on" : "") << "\n";
        for (const json& s : m["sends"])
            out << "       " << pad(s["source"].get<std::string>(), 12)
                << pad(format_db(s["level_db"].get<double>()), 10) << pad(format_pan(s["pan"].get<double>()), 5)
                << flags(s) << "\n";
    }
    if (status["mixes"].empty()) out << "  (none)\n";
    return out.str();
}

namespace {
// "JACK (JACK2 1.9.21)" or "JACK (PipeWire 0.3.65)": which stack serves headampd's libjack.
std::string stack_name(const json& jack) {
    const std::string stack = jack.value("stack", "jack2");
    const std::string version = jack.value("stack_version", "");
    return std::string("JACK (") + (stack == "pipewire" ? "PipeWire" : "JACK2") +
           (version.empty() ? "" : " " + version) + ")";
}
}  // namespace

std::string render_status(const json& status) {
    std::ostringstream out;
    const json& d = status["daemon"];
    const json& j = status["jack"];
    out << "headampd " << d["version"].get<std::string>() << ", pid " << d["pid"] << ", socket "
        << d["socket"].get<std::string>() << "\n";
    if (j["connected"].get<bool>()) {
        const double ms = 1000.0 * j["buffer_size"].get<double>() / j["sample_rate"].get<double>();
        char period[32];
        std::snprintf(period, sizeof period, "%.1f ms", ms);
        // Under PipeWire the period is the graph's quantum, which any client may change.
        const bool pipewire = j.value("stack", "jack2") == "pipewire";
        out << stack_name(j) << ": connected as '" << j["client"].get<std::string>() << "'"
            << (j["server"].is_string() ? " to server '" + j["server"].get<std::string>() + "'" : std::string()) << ", "
            << j["sample_rate"] << " Hz, " << (pipewire ? "quantum " : "period ") << j["buffer_size"] << " frames ("
            << period << "), " << j["xruns"] << " xruns\n";
    } else {
        out << stack_name(j) << ": not connected (headampd retries until the server is there)\n";
    }
    if (d.contains("osc_port")) out << "OSC: udp port " << d["osc_port"] << " (headamp-osc(7))\n";
    if (d.contains("page"))
        out << "Phone page: " << d["page"].get<std::string>() << " (headamp remote: each mix's link)\n";
    out << render_devices(status) << render_sources(status) << render_mixes(status);
    return out.str();
}

std::string render_send(const std::string& mix, const json& send) {
    return mix + " / " + send["source"].get<std::string>() + ": " + format_db(send["level_db"].get<double>()) +
           ", pan " + format_pan(send["pan"].get<double>()) + (send["mute"].get<bool>() ? ", muted" : ", unmuted") +
           (send["solo"].get<bool>() ? ", solo" : "") + (send.value("own", false) ? ", own" : "") + "\n";
}

std::string render_control(const json& c) {
    std::string line = pad(c["name"].get<std::string>() + "," + std::to_string(c["index"].get<unsigned>()), 44) +
                       pad(c["kind"].get<std::string>(), 13) + pad(c["category"].get<std::string>(), 16) +
                       pad(c["value"].get<std::string>(), 12);
    if (c.contains("db") && !c["db"].empty() && c["db"][0].is_number() && c.contains("db_min")) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "(%.1f..%.1f dB)", c["db_min"].get<double>(), c["db_max"].get<double>());
        line += buf;
    }
    if (!c["writable"].get<bool>()) line += " read-only";
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line + "\n";
}

std::string render_controls(const json& answer) {
    std::string out = "hardware controls of " + answer.value("card_id", std::string()) + " (" +
                      answer["device"].get<std::string>() + "):\n";
    for (const json& c : answer["controls"]) out += "  " + render_control(c);
    if (answer["controls"].empty()) out += "  (none)\n";
    return out;
}

std::string render_event(const json& e) {
    const std::string kind = e.value("event", "");
    if (kind == "state") return "state: " + e.value("change", std::string("changed")) + "\n";
    if (kind == "jack")
        return std::string("jack: ") + (e.value("connected", false) ? "connected" : "disconnected") + "\n";
    if (kind == "device") {
        const json& d = e["device"];
        if (d.value("kind", std::string("usb")) == "station")
            return "device " + e.value("action", std::string("changed")) + ": station " +
                   d.value("identity", std::string()) + " (" + d.value("product", std::string()) + ")\n";
        return "device " + e.value("action", std::string("changed")) + ": " + d.value("card_id", std::string("?")) +
               " (" + d.value("manufacturer", std::string()) + " " + d.value("product", std::string()) + ", card " +
               std::to_string(d.value("card", -1)) + ", " + d.value("identity", std::string()) + ")\n";
    }
    if (kind == "control") return "control " + e.value("device", std::string()) + ": " + render_control(e["control"]);
    if (kind == "meters") {
        std::string out = "meters:";
        for (const json& m : e["mixes"]) {
            char buf[96];
            std::snprintf(buf, sizeof buf, " %s L %.1f R %.1f dB", m["name"].get<std::string>().c_str(),
                          m["peak_db"][0].get<double>(), m["peak_db"][1].get<double>());
            out += buf;
        }
        return out + "\n";
    }
    return e.dump() + "\n";
}

}  // namespace headamp::cli
