// Replacing a saved-state file so that a crash or power cut at any moment leaves the old or the new file.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace headamp::state {

// Writes `text` to a hidden temporary file in the directory of `path` (which must exist), fsyncs it,
// renames it over `path` and fsyncs the directory, so that the rename itself survives a power cut.
// Returns nothing on success, else what failed ("fsync of /dir/.x.json.tmp-42: No space left on
// device"); `path` is then untouched unless only the directory's fsync failed (the new file is in
// place, but may not survive a power cut), and the temporary file is gone.
// A process killed in the middle leaves a temporary file behind; readers skip hidden files, and
// remove_abandoned_temporaries clears them when the next process starts.
std::optional<std::string> write_file_atomically(const std::filesystem::path& path, std::string_view text, mode_t mode);

// Removes the temporary files (".NAME.tmp-PID") that a killed writer left in `dir`: those of a process
// that no longer runs, and those carrying this process's own pid, which it cannot have written yet:
// call it before this process saves into `dir`. A live writer's file (another daemon saving into the
// same directory) is left alone. Returns what was removed; a missing `dir` removes nothing.
std::vector<std::filesystem::path> remove_abandoned_temporaries(const std::filesystem::path& dir);

}  // namespace headamp::state
