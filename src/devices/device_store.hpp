// Saved per-device settings: one JSON file per device identity, read on plug, written atomically on change.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "devices/device_profile.hpp"

namespace headamp::devices {

class DeviceStore {
public:
    explicit DeviceStore(std::filesystem::path dir);

    // $XDG_STATE_HOME/headamp/devices, else $HOME/.local/state/headamp/devices (passwd home when
    // HOME is unset); nothing when there is no home to be found.
    static std::optional<std::filesystem::path> default_dir();

    const std::filesystem::path& dir() const { return dir_; }
    // <dir>/<identity>.json, with anything but [A-Za-z0-9._:@+-] in the identity written as %XX.
    std::filesystem::path file_for(const std::string& identity) const;

    // The saved profile; nothing when there is none. A file that cannot be read or parsed gives a
    // logged warning and nothing, never an exception: the device then gets the defaults.
    std::optional<DeviceProfile> load(const std::string& identity) const;

    // Writes the profile with state::write_file_atomically, so that a crash or power cut leaves
    // either the old or the new file. Returns false (and logs why) on failure.
    bool save(const std::string& identity, const DeviceProfile& profile) const;

private:
    std::filesystem::path dir_;
};

// The JSON text of a profile and back; parse throws std::exception on anything malformed.
std::string profile_to_json(const DeviceProfile& profile);
DeviceProfile profile_from_json(const std::string& text);

}  // namespace headamp::devices
