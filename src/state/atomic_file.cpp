// The one atomic, durable file write of the daemon (see atomic_file.hpp): temp file, fsync, rename, fsync dir.
#include "state/atomic_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "util/unique_fd.hpp"

namespace headamp::state {

namespace {

std::string failure(const std::string& step, const std::filesystem::path& what) {
    return step + " of " + what.string() + ": " + std::strerror(errno);
}

bool write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        const ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) {
            errno = EIO;
            return false;
        }
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

constexpr std::string_view kTempMarker = ".tmp-";

// The pid in a temporary file's name (".NAME.tmp-PID"); nothing for any other name.
std::optional<pid_t> writer_of(const std::string& name) {
    const auto at = name.rfind(kTempMarker);
    if (name.empty() || name[0] != '.' || at == std::string::npos || at == 0) return std::nullopt;
    const char* first = name.data() + at + kTempMarker.size();
    const char* last = name.data() + name.size();
    pid_t pid = 0;
    const auto [end, error] = std::from_chars(first, last, pid);
    if (error != std::errc() || end != last || first == last || pid <= 0) return std::nullopt;
    return pid;
}

// Whether a process `pid` may still be writing: it exists (kill's EPERM: it runs as somebody else).
bool may_be_writing(pid_t pid) {
    if (pid == ::getpid()) return false;
    return ::kill(pid, 0) == 0 || errno != ESRCH;
}

}  // namespace

std::vector<std::filesystem::path> remove_abandoned_temporaries(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> removed;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const std::optional<pid_t> writer = writer_of(entry.path().filename().string());
        if (!writer || may_be_writing(*writer)) continue;
        std::error_code ignored;
        if (entry.is_regular_file(ignored) && std::filesystem::remove(entry.path(), ignored))
            removed.push_back(entry.path());
    }
    return removed;
}

std::optional<std::string> write_file_atomically(const std::filesystem::path& path, std::string_view text,
                                                 mode_t mode) {
    const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    // In the same directory, or the rename would not be atomic (another file system); hidden, so that
    // directory listings (snapshot_list) never show a half-written file.
    const std::filesystem::path temp =
        dir / ("." + path.filename().string() + std::string(kTempMarker) + std::to_string(::getpid()));
    {
        UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode));
        if (!fd.valid()) return failure("open", temp);
        // The data must be on disk before the rename makes it the file, or a crash could leave an
        // empty or partial file under the real name (ext4's delayed allocation does exactly that).
        if (!write_all(fd.get(), text) || ::fsync(fd.get()) != 0) {
            std::string why = failure("writing", temp);
            ::unlink(temp.c_str());
            return why;
        }
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        std::string why = failure("rename to " + path.string(), temp);
        ::unlink(temp.c_str());
        return why;
    }
    // The rename is a change of the directory: without this a power cut can bring back the old file
    // (or no file at all, for a first save).
    UniqueFd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!d.valid() || ::fsync(d.get()) != 0) return failure("fsync", dir);
    return std::nullopt;
}

}  // namespace headamp::state
