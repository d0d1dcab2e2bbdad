// The schema of headamp.conf: TOML text to a Config (JACK settings, graph, ports), every value checked.
#include "state/config.hpp"

#include <cmath>

#include "state/toml_reader.hpp"
#include "util/ip_address.hpp"

namespace headamp::state {

namespace {

using detail::TableReader;

// Ranges that core::validate() also enforces; checked here first so that the message can point at the line.
constexpr double kMaxPan = 100.0;  // the file writes pan as -100..100, like the headamp command
constexpr double kMinEqFreq = 10.0;
constexpr double kMaxEqFreq = 24000.0;
constexpr double kMinEqQ = 0.1;
constexpr double kMaxEqQ = 20.0;
// A mix becomes JACK ports "<client>:<name>_L/_R"; JACK allows 256 bytes for a full port name.
constexpr std::size_t kMaxNameLength = 64;

// Letters, digits, '-', '_', '.' and inner spaces: safe in a JACK port name and in a shell command line.
bool name_char_ok(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == ' ';
}

class ConfigReader {
public:
    explicit ConfigReader(std::string_view file) : file_(file) {}

    Config read(const toml::table& root) {
        TableReader top(root, file_, "");
        if (const toml::table* jack = top.table("jack")) read_jack(*jack);
        for (const toml::table* t : array_of_tables(top, "source")) read_source(*t);
        for (const toml::table* t : array_of_tables(top, "mix")) read_mix(*t);
        if (const toml::table* osc = top.table("osc")) read_osc(*osc);
        if (const toml::table* remote = top.table("remote")) read_remote(*remote);
        if (const toml::table* pipewire = top.table("pipewire")) read_pipewire(*pipewire);
        if (const toml::table* network = top.table("network")) read_network(*network);
        top.reject_unknown_keys();
        if (auto problem = core::validate(config_.graph)) throw ConfigError(std::string(file_) + ": " + *problem);
        return std::move(config_);
    }

private:
    void read_jack(const toml::table& table) {
        TableReader jack(table, file_, "jack");
        config_.jack.server = jack.string("server");
        if (auto v = jack.boolean("start_server")) config_.jack.start_server = *v;
        if (auto v = jack.boolean("connect_physical")) config_.jack.connect_physical = *v;
        if (auto v = integer(jack, "server_rate", 8000, 384000)) config_.jack.server_rate = *v;
        if (auto v = period(jack, "server_period")) config_.jack.server_period = *v;
        if (auto v = integer(jack, "server_nperiods", 2, 16)) config_.jack.server_nperiods = *v;
        if (auto v = period(jack, "bridge_period")) config_.jack.bridge_period = *v;
        if (auto v = integer(jack, "bridge_nperiods", 2, 16)) config_.jack.bridge_nperiods = *v;
        jack.reject_unknown_keys();
    }

    void read_osc(const toml::table& table) {
        TableReader osc(table, file_, "osc");
        config_.osc.port = integer(osc, "port", 1, 65535);
        if (auto listen = osc.string("listen")) {
            if (!parse_ip_address(*listen))
                osc.fail(osc.node("listen")->source(), "osc.listen must be an IP address such as \"127.0.0.1\", " +
                                                           std::string("\"0.0.0.0\" or \"::\", not \"") + *listen +
                                                           "\"");
            config_.osc.listen = *listen;
        }
        if (const toml::node* n = osc.node("allow")) {
            const toml::array* array = n->as_array();
            if (!array)
                osc.fail(n->source(), "osc.allow must be an array of addresses, not " + detail::describe_type(*n));
            for (const toml::node& element : *array) {
                const auto s = element.as_string();
                if (!s || !parse_ip_network(s->get()))
                    osc.fail(element.source(), "every entry of osc.allow must be an address or a network written " +
                                                   std::string("ADDR/PREFIX, such as \"192.168.1.0/24\""));
                config_.osc.allow.push_back(s->get());
            }
        }
        osc.reject_unknown_keys();
    }

    void read_remote(const toml::table& table) {
        TableReader remote(table, file_, "remote");
        if (auto listen = remote.string("listen")) {
            if (!parse_ip_endpoint(*listen))
                remote.fail(remote.node("listen")->source(),
                            "remote.listen must be ADDR:PORT such as \"0.0.0.0:8080\" or \"[::]:8080\", not \"" +
                                *listen + "\"");
            config_.remote.listen = *listen;
        }
        if (auto v = integer(remote, "max_per_address", 1, 1024)) config_.remote.max_per_address = *v;
        remote.reject_unknown_keys();
    }

    void read_pipewire(const toml::table& table) {
        TableReader pipewire(table, file_, "pipewire");
        if (auto profile = pipewire.string("profile")) {
            if (*profile != "pro-audio" && *profile != "keep")
                pipewire.fail(pipewire.node("profile")->source(),
                              "pipewire.profile must be \"pro-audio\" or \"keep\", not \"" + *profile + "\"");
            config_.pipewire.pro_audio = *profile == "pro-audio";
        }
        config_.pipewire.quantum = period(pipewire, "quantum");
        pipewire.reject_unknown_keys();
    }

    void read_network(const toml::table& table) {
        TableReader network(table, file_, "network");
        if (auto v = network.boolean("stations")) config_.network.stations = *v;
        network.reject_unknown_keys();
    }

    // Frames per period: a power of two in 16..8192.
    static std::optional<int> period(TableReader& table, std::string_view key) {
        const std::optional<int> v = integer(table, key, 16, 8192);
        if (v && (*v & (*v - 1)) != 0)
            table.fail(table.node(key)->source(),
                       table.key_path(key) + " must be a power of two (frames per period), not " + std::to_string(*v));
        return v;
    }

    // A whole number in lo..hi.
    static std::optional<int> integer(TableReader& table, std::string_view key, int lo, int hi) {
        const std::optional<double> v = table.number(key, lo, hi);
        if (!v) return std::nullopt;
        if (std::floor(*v) != *v)
            table.fail(table.node(key)->source(),
                       table.key_path(key) + " must be a whole number, not " + detail::format_number(*v));
        return static_cast<int>(*v);
    }

    // [[source]] and [[mix]]: an array whose every element is a table.
    std::vector<const toml::table*> array_of_tables(TableReader& top, std::string_view key) {
        std::vector<const toml::table*> tables;
        const toml::node* n = top.node(key);
        if (!n) return tables;
        const toml::array* array = n->as_array();
        if (!array)
            top.fail(n->source(), top.key_path(key) + " must be an array of tables, written [[" + std::string(key) +
                                      "]], not " + detail::describe_type(*n));
        for (const toml::node& element : *array) {
            const toml::table* t = element.as_table();
            if (!t)
                top.fail(element.source(), "every element of " + top.key_path(key) + " must be a table, not " +
                                               detail::describe_type(element));
            tables.push_back(t);
        }
        return tables;
    }

    // A required, non-empty name of safe characters, unique among its kind.
    std::string read_name(TableReader& table, std::map<std::string, toml::source_region>& seen,
                          const std::string& kind) {
        const toml::node* n = table.node("name");
        if (!n) table.fail_here("every " + table.header() + " needs a name, e.g. name = \"vox\"");
        auto name = table.string("name");
        const std::string& text = *name;
        if (text.size() > kMaxNameLength)
            table.fail(n->source(), table.key_path("name") + " must be at most " + std::to_string(kMaxNameLength) +
                                        " characters long");
        for (char c : text) {
            if (name_char_ok(c)) continue;
            const bool printable = c > 0x20 && c < 0x7f;
            table.fail(n->source(), table.key_path("name") + " may only have letters, digits, '-', '_', '.' and " +
                                        "spaces, not " +
                                        (printable ? "'" + std::string(1, c) + "'" : "other characters"));
        }
        if (text.front() == ' ' || text.back() == ' ')
            table.fail(n->source(), table.key_path("name") + " '" + text + "' must not begin or end with a space");
        auto [it, inserted] = seen.emplace(text, n->source());
        if (!inserted)
            table.fail(n->source(),
                       kind + " name '" + text + "' is already used at line " + std::to_string(it->second.begin.line));
        return text;
    }

    // A list of JACK port names of min..max entries, each a non-empty string.
    std::vector<std::string> read_ports(TableReader& table, std::string_view key, std::size_t min, std::size_t max,
                                        const std::string& what) {
        const toml::node* n = table.node(key);
        const std::string path = table.key_path(key);
        const std::string count =
            min == max ? "exactly " + std::to_string(min) : std::to_string(min) + " or " + std::to_string(max);
        if (!n)
            table.fail_here(table.header() + " needs " + std::string(key) + " = [...], " + count + " JACK port names " +
                            what);
        const toml::array* array = n->as_array();
        if (!array)
            table.fail(n->source(),
                       path + " must be an array of " + count + " JACK port names, not " + detail::describe_type(*n));
        if (array->size() < min || array->size() > max)
            table.fail(n->source(), path + " must list " + count + " JACK port names " + what + ", not " +
                                        std::to_string(array->size()));
        std::vector<std::string> ports;
        for (const toml::node& element : *array) {
            auto s = element.as_string();
            if (!s)
                table.fail(element.source(),
                           "every entry of " + path + " must be a string, not " + detail::describe_type(element));
            if (s->get().empty()) table.fail(element.source(), "an entry of " + path + " is empty");
            ports.push_back(s->get());
        }
        return ports;
    }

    void read_source(const toml::table& t) {
        TableReader table(t, file_, "source", true);
        core::Source source;
        source.name = read_name(table, source_names_, "source");
        std::vector<std::string> ports =
            read_ports(table, "ports", 1, 2, "(one for a mono source, two for a stereo pair L, R)");
        if (next_channel_ + static_cast<int>(ports.size()) > core::kMaxChannels)
            table.fail(table.node("ports")->source(), "too many channels: the sources may have at most " +
                                                          std::to_string(core::kMaxChannels) + " in all");
        source.channels[0] = next_channel_++;
        if (ports.size() == 2) source.channels[1] = next_channel_++;
        if (auto v = table.number("trim_db", -core::kMaxTrimDb, core::kMaxTrimDb)) source.trim_db = *v;
        if (auto v = table.boolean("invert")) source.invert = *v;
        table.reject_unknown_keys();
        config_.source_ports.emplace(source.name, std::move(ports));
        config_.graph.sources.push_back(std::move(source));
    }

    void read_mix(const toml::table& t) {
        TableReader table(t, file_, "mix", true);
        if (config_.graph.mixes.size() >= static_cast<std::size_t>(core::kMaxMixes))
            table.fail_here("too many mixes: at most " + std::to_string(core::kMaxMixes) + " are allowed");
        core::Mix mix;
        mix.name = read_name(table, mix_names_, "mix");
        mix.slot = static_cast<int>(config_.graph.mixes.size());
        if (table.node("outputs")) {
            std::vector<std::string> ports = read_ports(table, "outputs", 2, 2, "(L, R)");
            config_.mix_outputs[mix.name] = {ports[0], ports[1]};
        }
        if (auto v = table.number("master_db", core::kSilenceDb, core::kMaxMasterDb)) mix.master_db = *v;
        if (auto v = table.boolean("mute")) mix.mute = *v;
        if (auto v = table.boolean("mono")) mix.mono = *v;
        if (auto law = table.string("pan_law")) {
            auto parsed = core::pan_law_from_string(*law);
            if (!parsed)
                table.fail(table.node("pan_law")->source(),
                           table.key_path("pan_law") +
                               " must be \"-3dB\" (constant power), \"-6dB\" or \"0dB\", not \"" + *law + "\"");
            mix.pan_law = *parsed;
        }
        if (auto v = table.number("limiter_ceiling_db", core::kMinCeilingDb, core::kMaxCeilingDb))
            mix.limiter_ceiling_db = *v;
        if (const toml::table* eq = table.table("eq")) read_eq(*eq, mix.eq);
        if (const toml::table* sends = table.table("send")) read_sends(*sends, mix);
        table.reject_unknown_keys();
        config_.graph.mixes.push_back(std::move(mix));
    }

    void read_eq(const toml::table& t, core::Eq& eq) {
        TableReader table(t, file_, "mix.eq");
        if (auto v = table.boolean("enabled")) eq.enabled = *v;
        if (const toml::table* band = table.table("low")) read_band(*band, "mix.eq.low", eq.low);
        if (const toml::table* band = table.table("mid")) read_band(*band, "mix.eq.mid", eq.mid);
        if (const toml::table* band = table.table("high")) read_band(*band, "mix.eq.high", eq.high);
        table.reject_unknown_keys();
    }

    void read_band(const toml::table& t, std::string path, core::EqBand& band) {
        TableReader table(t, file_, std::move(path));
        if (auto v = table.number("freq_hz", kMinEqFreq, kMaxEqFreq)) band.freq_hz = *v;
        if (auto v = table.number("gain_db", -core::kMaxEqGainDb, core::kMaxEqGainDb)) band.gain_db = *v;
        if (auto v = table.number("q", kMinEqQ, kMaxEqQ)) band.q = *v;
        table.reject_unknown_keys();
    }

    // [mix.send.NAME]: the keys of this table are source names, each with a table of send settings.
    void read_sends(const toml::table& sends, core::Mix& mix) {
        for (const auto& [key, value] : sends) {
            const std::string name(key.str());
            const std::string path = "mix.send." + detail::quote_key(name);
            if (!source_names_.count(name)) {
                std::string known;
                for (const auto& [n, where] : source_names_) known += (known.empty() ? "'" : ", '") + n + "'";
                detail::fail_at(file_, key.source(),
                                path + " names no source; " +
                                    (known.empty() ? std::string("there are no [[source]] tables to send from")
                                                   : "the sources are " + known));
            }
            const toml::table* t = value.as_table();
            if (!t)
                detail::fail_at(file_, value.source(), path + " must be a table, not " + detail::describe_type(value));
            mix.sends[name] = read_send(*t, path);
        }
    }

    core::Send read_send(const toml::table& t, std::string path) {
        TableReader table(t, file_, std::move(path));
        core::Send send;
        if (const toml::node* n = table.node("level_db")) send.level_db = read_level(table, *n);
        if (auto v = table.number("pan", -kMaxPan, kMaxPan)) send.pan = *v / kMaxPan;
        if (auto v = table.boolean("mute")) send.mute = *v;
        if (auto v = table.boolean("solo")) send.solo = *v;
        table.reject_unknown_keys();
        return send;
    }

    // A send level: a number from kSilenceDb to kMaxSendDb, or -inf (as a float or the string "-inf") for silence.
    double read_level(TableReader& table, const toml::node& n) {
        if (auto s = n.as_string(); s && s->get() == "-inf") return core::kSilenceDb;
        if (auto f = n.as_floating_point(); f && std::isinf(f->get()) && f->get() < 0) return core::kSilenceDb;
        if (n.as_string())
            table.fail(n.source(), table.key_path("level_db") + " must be a number or \"-inf\", not the string \"" +
                                       n.as_string()->get() + "\"");
        return *table.number("level_db", core::kSilenceDb, core::kMaxSendDb, "\"-inf\"");
    }

    std::string_view file_;
    Config config_;
    int next_channel_ = 0;
    std::map<std::string, toml::source_region> source_names_;
    std::map<std::string, toml::source_region> mix_names_;
};

}  // namespace

Config parse_config(std::string_view text, std::string_view source_name) {
    toml::table root;
    try {
        root = toml::parse(text, source_name);
    } catch (const toml::parse_error& e) {
        detail::fail_at(source_name, e.source(), "not valid TOML: " + std::string(e.description()));
    }
    return ConfigReader(source_name).read(root);
}

}  // namespace headamp::state
