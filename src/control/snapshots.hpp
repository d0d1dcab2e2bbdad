// Named presets of the whole state, one JSON file each, written with state::write_file_atomically.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace headamp::control {

class Snapshots {
public:
    // Clears what a save cut short by a crash left in `dir` (state::remove_abandoned_temporaries).
    explicit Snapshots(std::filesystem::path dir);
    const std::filesystem::path& dir() const { return dir_; }

    // All throw RequestError with a message for the user.
    void save(const std::string& name, const nlohmann::json& state) const;
    nlohmann::json load(const std::string& name) const;
    std::vector<std::string> list() const;

    // 1..64 of [A-Za-z0-9._-], not starting with '.': a file name that cannot leave the directory.
    static void check_name(const std::string& name);

private:
    std::filesystem::path file(const std::string& name) const { return dir_ / (name + ".json"); }
    std::filesystem::path dir_;
};

}  // namespace headamp::control
