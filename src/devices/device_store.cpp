// The device store (see device_store.hpp): nlohmann-json for the format, state/atomic_file for the write.
#include "devices/device_store.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "state/atomic_file.hpp"
#include "util/json_int.hpp"
#include "util/log.hpp"

namespace headamp::devices {

using nlohmann::json;

namespace {

constexpr int kFormatVersion = 1;

json send_to_json(const core::Send& s) {
    json j = {{"level_db", s.level_db}, {"pan", s.pan}, {"mute", s.mute}, {"solo", s.solo}};
    if (s.own) j["own"] = true;
    return j;
}

core::Send send_from_json(const json& j) {
    core::Send s;
    s.level_db = j.at("level_db").get<double>();
    s.pan = j.at("pan").get<double>();
    s.mute = j.at("mute").get<bool>();
    s.solo = j.at("solo").get<bool>();
    s.own = j.value("own", false);  // profiles saved before "more me" have none
    return s;
}

json band_to_json(const core::EqBand& b) { return {{"freq_hz", b.freq_hz}, {"gain_db", b.gain_db}, {"q", b.q}}; }

core::EqBand band_from_json(const json& j) {
    return {j.at("freq_hz").get<double>(), j.at("gain_db").get<double>(), j.at("q").get<double>()};
}

json mix_to_json(const core::Mix& m) {
    json sends = json::object();
    for (const auto& [name, send] : m.sends) sends[name] = send_to_json(send);
    return {{"name", m.name},
            {"master_db", m.master_db},
            {"mute", m.mute},
            {"mono", m.mono},
            {"pan_law", core::to_string(m.pan_law)},
            {"eq",
             {{"enabled", m.eq.enabled},
              {"low", band_to_json(m.eq.low)},
              {"mid", band_to_json(m.eq.mid)},
              {"high", band_to_json(m.eq.high)}}},
            {"limiter_ceiling_db", m.limiter_ceiling_db},
            {"sends", sends}};
}

core::Mix mix_from_json(const json& j) {
    core::Mix m;
    m.name = j.at("name").get<std::string>();
    m.master_db = j.at("master_db").get<double>();
    m.mute = j.at("mute").get<bool>();
    m.mono = j.at("mono").get<bool>();
    const std::optional<core::PanLaw> law = core::pan_law_from_string(j.at("pan_law").get<std::string>());
    if (!law) throw std::runtime_error("unknown pan law");
    m.pan_law = *law;
    const json& eq = j.at("eq");
    m.eq.enabled = eq.at("enabled").get<bool>();
    m.eq.low = band_from_json(eq.at("low"));
    m.eq.mid = band_from_json(eq.at("mid"));
    m.eq.high = band_from_json(eq.at("high"));
    m.limiter_ceiling_db = j.at("limiter_ceiling_db").get<double>();
    for (const auto& [name, send] : j.at("sends").items()) m.sends[name] = send_from_json(send);
    return m;
}

std::optional<std::filesystem::path> home_dir() {
    if (const char* home = std::getenv("HOME"); home && *home) return std::filesystem::path(home);
    if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_dir && *pw->pw_dir)
        return std::filesystem::path(pw->pw_dir);
    return std::nullopt;
}

}  // namespace

std::string profile_to_json(const DeviceProfile& p) {
    json sources = json::array();
    for (const SavedSource& s : p.sources)
        sources.push_back({{"name", s.name}, {"channels", s.channels}, {"trim_db", s.trim_db}, {"invert", s.invert}});
    json outputs = json::array();
    for (const SavedOutput& o : p.outputs) outputs.push_back({{"pair", o.pair}, {"mix", mix_to_json(o.mix)}});
    json sends = json::object();
    for (const auto& [mix, by_source] : p.sends)
        for (const auto& [source, send] : by_source) sends[mix][source] = send_to_json(send);
    json doc = {{"version", kFormatVersion}, {"sources", sources}, {"outputs", outputs}, {"sends", sends}};
    if (!p.hardware.is_null()) doc["hardware"] = p.hardware;
    return doc.dump(2) + "\n";
}

namespace {

// A whole number that fits an int. json's get<int>() converts 8.9e128 as well, which is undefined
// behaviour (found by the device_profile fuzz target): a corrupt profile must be refused instead.
int whole_number(const json& j, const char* what) {
    if (const std::optional<int> v = json_int(j)) return *v;
    throw std::runtime_error(std::string(what) +
                             (j.is_number_integer() ? " is out of range" : " must be a whole number"));
}

}  // namespace

DeviceProfile profile_from_json(const std::string& text) {
    const json doc = json::parse(text);
    if (whole_number(doc.at("version"), "version") != kFormatVersion)
        throw std::runtime_error("unknown format version");
    DeviceProfile p;
    if (doc.contains("hardware") && doc["hardware"].is_object()) p.hardware = doc["hardware"];
    for (const json& s : doc.at("sources")) {
        SavedSource saved;
        saved.name = s.at("name").get<std::string>();
        for (const json& c : s.at("channels")) saved.channels.push_back(whole_number(c, "a source's channel"));
        saved.trim_db = s.at("trim_db").get<double>();
        saved.invert = s.at("invert").get<bool>();
        p.sources.push_back(std::move(saved));
    }
    for (const json& o : doc.at("outputs"))
        p.outputs.push_back({whole_number(o.at("pair"), "an output's pair"), mix_from_json(o.at("mix"))});
    for (const auto& [mix, by_source] : doc.at("sends").items())
        for (const auto& [source, send] : by_source.items()) p.sends[mix][source] = send_from_json(send);
    return p;
}

DeviceStore::DeviceStore(std::filesystem::path dir) : dir_(std::move(dir)) {
    for (const std::filesystem::path& p : state::remove_abandoned_temporaries(dir_))
        log::info("removed ", p.string(), ", left by a save that was cut short");
}

std::optional<std::filesystem::path> DeviceStore::default_dir() {
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state && state[0] == '/')
        return std::filesystem::path(state) / "headamp" / "devices";
    if (auto home = home_dir()) return *home / ".local" / "state" / "headamp" / "devices";
    return std::nullopt;
}

std::filesystem::path DeviceStore::file_for(const std::string& identity) const {
    std::string name;
    for (unsigned char c : identity) {
        if (std::isalnum(c) || std::strchr("._:@+-", c) != nullptr) {
            name += static_cast<char>(c);
        } else {
            static const char* hex = "0123456789ABCDEF";
            name += '%';
            name += hex[c >> 4];
            name += hex[c & 15];
        }
    }
    if (name.empty() || name[0] == '.') name.insert(0, "%");  // never "", ".", ".." or a hidden file
    return dir_ / (name + ".json");
}

std::optional<DeviceProfile> DeviceStore::load(const std::string& identity) const {
    const std::filesystem::path file = file_for(identity);
    std::ifstream in(file);
    if (!in) {
        if (errno != ENOENT)
            log::warning("cannot read ", file.string(), ": ", std::strerror(errno), "; using defaults");
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    try {
        return profile_from_json(text.str());
    } catch (const std::exception& e) {
        log::warning(file.string(), " is not a valid device profile (", e.what(),
                     "); using defaults, and leaving the file alone until something is changed");
        return std::nullopt;
    }
}

bool DeviceStore::save(const std::string& identity, const DeviceProfile& profile) const {
    const std::filesystem::path file = file_for(identity);
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) {
        log::warning("cannot create ", dir_.string(), ": ", ec.message());
        return false;
    }
    if (auto error = state::write_file_atomically(file, profile_to_json(profile), 0644)) {
        log::warning("cannot save ", file.string(), ": ", *error);
        return false;
    }
    return true;
}

}  // namespace headamp::devices
