// Child processes (see child_process.hpp). fork+exec by hand because posix_spawn cannot ask for
// PR_SET_PDEATHSIG; between fork and exec the child only makes async-signal-safe calls.
#include "jack/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <stdexcept>

extern char** environ;

namespace headamp::jack {

namespace {

std::string find_program(const std::string& name) {
    if (name.find('/') != std::string::npos) return name;
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const std::size_t end = std::min(dirs.find(':', start), dirs.size());
        const std::filesystem::path candidate = std::filesystem::path(dirs.substr(start, end - start)) / name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
        start = end + 1;
    }
    throw std::runtime_error("cannot find '" + name + "' in $PATH");
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
                           bool capture_output) {
    if (argv.empty()) throw std::runtime_error("no program to start");
    const std::string program = find_program(argv[0]);
    // Everything the child needs is built before fork: it must not allocate afterwards.
    std::map<std::string, std::string> env;
    for (char** e = environ; e && *e; ++e) {
        const std::string entry = *e;
        env[entry.substr(0, entry.find('='))] = entry;
    }
    for (const std::string& entry : extra_env) env[entry.substr(0, entry.find('='))] = entry;
    std::vector<char*> args, envp;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    for (const auto& [name, entry] : env) envp.push_back(const_cast<char*>(entry.c_str()));
    envp.push_back(nullptr);
    const pid_t parent = ::getpid();
    int pipe_fds[2] = {-1, -1};
    if (capture_output && ::pipe2(pipe_fds, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
    UniqueFd write_end(pipe_fds[1]);
    output_.reset(pipe_fds[0]);

    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid_ == 0) {
        if (write_end.valid()) {  // dup2 clears O_CLOEXEC on the copies
            ::dup2(write_end.get(), STDOUT_FILENO);
            ::dup2(write_end.get(), STDERR_FILENO);
        }
        // Nothing of the daemon's but stdin/out/err: libjack's sockets and shm fds are not
        // close-on-exec, and a bridge holding them kept a crashed headampd's client alive in jackd
        // (which then could not drop it, and once hung).
        ::close_range(3, ~0U, 0);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        signal(SIGPIPE, SIG_DFL);
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent) _exit(127);  // the daemon died before prctl took effect
        execve(program.c_str(), args.data(), envp.data());
        _exit(127);
    }
    write_end.reset();
    if (output_.valid()) ::fcntl(output_.get(), F_SETFL, O_NONBLOCK);
    pidfd_.reset(static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0)));
    if (!pidfd_.valid()) {
        const int error = errno;
        stop({SIGTERM, std::chrono::milliseconds(0)});
        throw std::runtime_error(std::string("pidfd_open: ") + std::strerror(error));
    }
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0) stop();
}

std::optional<int> ChildProcess::poll_exit() {
    if (status_ || pid_ <= 0) return status_;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) status_ = status;
    return status_;
}

int ChildProcess::stop(StopRequest how) {
    if (poll_exit()) return *status_;
    ::kill(pid_, how.signal);
    pollfd p{pidfd_.get(), POLLIN, 0};
    if (pidfd_.valid()) {
        while (::poll(&p, 1, static_cast<int>(how.grace.count())) < 0 && errno == EINTR) {}
    }
    if (!poll_exit()) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {}
        status_ = status;
    }
    return *status_;
}

std::string describe_wait_status(int status) {
    if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return "killed by signal " + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
    return "stopped (wait status " + std::to_string(status) + ")";
}

}  // namespace headamp::jack
