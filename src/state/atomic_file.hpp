// Replacing a saved-state file so that a crash or power cut at any moment leaves the old or the new file.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace headamp::state {

// Writes `text` to a hidden temporary file in the directory of `path` (which must exist), fsyncs it,
// renames it over `path` and fsyncs the directory, so that the rename itself survives a power cut.
// Returns nothing on success, else what failed ("fsync of /dir/.x.json.tmp-42: No space left on
// device"); `path` is then untouched unless only the directory's fsync failed (the new file is in
// place, but may not survive a power cut), and the temporary file is gone.
// A process killed in the middle leaves a temporary file behind, which the next save of the same
// path from a process with the same pid reuses; readers skip hidden files.
std::optional<std::string> write_file_atomically(const std::filesystem::path& path, std::string_view text,
                                                 mode_t mode);

}  // namespace headamp::state
