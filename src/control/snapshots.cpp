// Snapshot files (see snapshots.hpp).
#include "control/snapshots.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "control/request.hpp"
#include "state/atomic_file.hpp"
#include "util/log.hpp"

namespace headamp::control {

Snapshots::Snapshots(std::filesystem::path dir) : dir_(std::move(dir)) {
    for (const std::filesystem::path& p : state::remove_abandoned_temporaries(dir_))
        log::info("removed ", p.string(), ", left by a save that was cut short");
}

void Snapshots::check_name(const std::string& name) {
    const bool ok = !name.empty() && name.size() <= 64 && name[0] != '.' &&
                    std::all_of(name.begin(), name.end(),
                                [](unsigned char c) { return std::isalnum(c) || c == '.' || c == '_' || c == '-'; });
    if (!ok)
        throw RequestError("snapshot name " + quote(name) +
                           " is not valid: use 1 to 64 letters, digits, '.', '_' or '-', not starting with '.'");
}

void Snapshots::save(const std::string& name, const nlohmann::json& state) const {
    check_name(name);
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) throw RequestError("cannot create " + dir_.string() + ": " + ec.message());
    if (auto error = state::write_file_atomically(file(name), state.dump(2) + "\n", 0600))
        throw RequestError("cannot save " + file(name).string() + ": " + *error);
}

nlohmann::json Snapshots::load(const std::string& name) const {
    check_name(name);
    std::ifstream in(file(name));
    if (!in) {
        std::string known;
        for (const std::string& n : list()) known += (known.empty() ? "" : ", ") + n;
        throw RequestError("there is no snapshot " + quote(name) + " in " + dir_.string() +
                           (known.empty() ? std::string("; none saved yet") : "; saved: " + known));
    }
    std::stringstream text;
    text << in.rdbuf();
    try {
        return nlohmann::json::parse(text.str());
    } catch (const nlohmann::json::exception& e) {
        throw RequestError("snapshot file " + file(name).string() + " is not valid JSON: " + e.what());
    }
}

std::vector<std::string> Snapshots::list() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
        const std::string f = entry.path().filename().string();
        if (f.size() > 5 && f[0] != '.' && f.ends_with(".json")) names.push_back(f.substr(0, f.size() - 5));
    }
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace headamp::control
