// The JACK integration test harness (see jack_harness.hpp).
#include "jack_harness.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <numbers>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>

extern char** environ;

namespace headamp::test {

std::string read_text(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

namespace {

// Starts argv (an absolute path first) with `extra_env` added to the environment and its output (stdout
// and stderr) in `log`, opened with `open_flags`; posix_spawn's result (0, or the error).
int spawn_logged(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
                 const std::string& log, int open_flags, pid_t& pid) {
    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
    env_strings.insert(env_strings.end(), extra_env.begin(), extra_env.end());
    std::vector<char*> args, env;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    for (const auto& e : env_strings) env.push_back(const_cast<char*>(e.c_str()));
    env.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | open_flags, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), env.data());
    posix_spawn_file_actions_destroy(&actions);
    return rc;
}

}  // namespace

int run_logged(const std::vector<std::string>& argv, const std::filesystem::path& log,
               const std::vector<std::string>& extra_env) {
    pid_t pid = -1;
    if (spawn_logged(argv, extra_env, log.string(), O_TRUNC, pid) != 0) return -1;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void run_command(const std::vector<std::string>& argv, const std::filesystem::path& log) {
    const int status = run_logged(argv, log);
    if (status == 0) return;
    std::string command;
    for (const auto& a : argv) command += (command.empty() ? "" : " ") + a;
    throw std::runtime_error("`" + command + "` failed (" + std::to_string(status) + "): " + read_text(log));
}

std::string unique_server_name(const std::string& test) {
    static std::atomic<int> counter{0};
    return "headamp-" + test + "-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
                           const std::string& log_file) {
    const int rc = spawn_logged(argv, extra_env, log_file, O_APPEND, pid_);
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
}

ChildProcess::~ChildProcess() {
    if (pid_ > 0 && running()) stop(SIGTERM, std::chrono::milliseconds(3000));
    if (pid_ > 0 && running()) stop(SIGKILL);
}

bool ChildProcess::running() {
    if (pid_ <= 0 || status_ != -1) return false;
    int st;
    if (waitpid(pid_, &st, WNOHANG) == pid_) {
        status_ = st;
        return false;
    }
    return true;
}

int ChildProcess::stop(int sig, std::chrono::milliseconds timeout) {
    if (running()) kill(pid_, sig);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (running() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (status_ == -1) return -1;
    return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
}

JackServer::JackServer(std::string name, int period, bool sync) : name_(std::move(name)), period_(period), sync_(sync) {
    log_file_ = "/tmp/" + name_ + ".jackd.log";
    start();
}

void JackServer::start() {
    std::vector<std::string> argv{"/usr/bin/jackd", "--no-realtime", "-n", name_};
    if (sync_) argv.push_back("--sync");
    for (const char* a : {"-d", "dummy", "-r", "48000", "-p"}) argv.emplace_back(a);
    argv.push_back(std::to_string(period_));
    process_ = std::make_unique<ChildProcess>(argv, std::vector<std::string>{"JACK_NO_AUDIO_RESERVATION=1"}, log_file_);
    const bool up = JackHandle::wait_for(
        [&] {
            jack_status_t st;
            jack_client_t* c = jack_client_open(
                "probe", static_cast<jack_options_t>(JackNoStartServer | JackServerName), &st, name_.c_str());
            if (!c) return false;
            jack_client_close(c);
            return true;
        },
        std::chrono::milliseconds(15000));
    if (!up) throw std::runtime_error("jackd '" + name_ + "' did not come up:\n" + log());
}

void JackServer::kill_hard() { process_->stop(SIGKILL); }

void JackServer::restart() {
    process_.reset();
    start();
}

std::string JackServer::log() const { return read_text(log_file_); }

PrivateBus::PrivateBus(const std::filesystem::path& socket, const std::filesystem::path& log)
    : socket_(socket),
      process_({"/usr/bin/dbus-daemon", "--session", "--nofork", "--address=" + address()}, {}, log.string()) {
    if (!JackHandle::wait_for([&] { return std::filesystem::exists(socket_); }, std::chrono::seconds(5)))
        throw std::runtime_error("dbus-daemon did not come up:\n" + read_text(log));
}

JackHandle::JackHandle(const std::string& server, const std::string& client_name) {
    jack_status_t st;
    client_ = jack_client_open(client_name.c_str(), static_cast<jack_options_t>(JackNoStartServer | JackServerName),
                               &st, server.c_str());
    if (!client_) throw std::runtime_error("cannot open JACK client on " + server);
}

JackHandle::~JackHandle() {
    if (client_) jack_client_close(client_);
}

bool JackHandle::port_exists(const std::string& port) const { return jack_port_by_name(client_, port.c_str()); }

bool JackHandle::connected(const std::string& a, const std::string& b) const {
    jack_port_t* p = jack_port_by_name(client_, a.c_str());
    return p && jack_port_connected_to(p, b.c_str());
}

bool ports_connected(const std::string& server, const std::string& a, const std::string& b) {
    try {
        return JackHandle(server, "inspector").connected(a, b);
    } catch (const std::runtime_error&) {
        return false;
    }
}

bool JackHandle::wait_for(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (pred()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return pred();
}

SignalClient::SignalClient(const std::string& server, const std::string& name,
                           std::vector<std::pair<std::string, Signal>> outputs, std::vector<std::string> inputs,
                           int64_t record_frames)
    : handle_(server, name),
      signals_(std::move(outputs)),
      input_names_(std::move(inputs)),
      record_frames_(record_frames) {
    cycle_frames_.reserve(static_cast<std::size_t>(std::max<int64_t>(record_frames_, 0)));
    for (const auto& [port, sig] : signals_)
        out_ports_.push_back(
            jack_port_register(handle_.get(), port.c_str(), JACK_DEFAULT_AUDIO_TYPE, JackPortIsOutput, 0));
    for (const auto& port : input_names_) {
        in_ports_.push_back(
            jack_port_register(handle_.get(), port.c_str(), JACK_DEFAULT_AUDIO_TYPE, JackPortIsInput, 0));
        buffers_.emplace_back(static_cast<std::size_t>(record_frames_), 0.0f);
    }
    jack_set_process_callback(handle_.get(), &SignalClient::process, this);
    // Not on PipeWire's libjack: 0.3.65 runs a latency callback with its loop unlocked, and setting port
    // latencies there races with this client's jack_connect() from the test's thread (libpipewire aborts).
    // announce_latency() is for tests on JACK2.
    if (std::string_view(jack_get_version_string()).find("PipeWire") == std::string_view::npos)
        jack_set_latency_callback(handle_.get(), &SignalClient::latency, this);
    if (jack_activate(handle_.get()) != 0) throw std::runtime_error("cannot activate test client");
}

SignalClient::~SignalClient() { jack_deactivate(handle_.get()); }

std::string SignalClient::full_name(const std::string& port) const {
    return std::string(jack_get_client_name(handle_.get())) + ":" + port;
}

int SignalClient::process(jack_nframes_t n, void* arg) {
    auto* self = static_cast<SignalClient*>(arg);
    const int64_t t0 = jack_last_frame_time(self->handle_.get());
    for (std::size_t p = 0; p < self->out_ports_.size(); ++p) {
        auto* out = static_cast<float*>(jack_port_get_buffer(self->out_ports_[p], n));
        for (jack_nframes_t i = 0; i < n; ++i) out[i] = self->signals_[p].second(t0 + i);
    }
    int state = self->state_.load();
    if (state == 1) {
        self->first_frame_ = t0;
        self->cycle_frames_.clear();
        self->written_ = 0;
        state = 2;
        self->state_.store(2);
    }
    if (state == 2) {
        const int64_t take = std::min<int64_t>(n, self->record_frames_ - self->written_);
        if (self->cycle_frames_.size() < self->cycle_frames_.capacity()) self->cycle_frames_.push_back(t0);
        for (std::size_t p = 0; p < self->in_ports_.size(); ++p) {
            const auto* in = static_cast<const float*>(jack_port_get_buffer(self->in_ports_[p], n));
            std::memcpy(self->buffers_[p].data() + self->written_, in, static_cast<std::size_t>(take) * sizeof(float));
        }
        self->written_ += take;
        if (self->written_ >= self->record_frames_) self->state_.store(3);
    }
    return 0;
}

void SignalClient::latency(jack_latency_callback_mode_t mode, void* arg) {
    auto* self = static_cast<SignalClient*>(arg);
    if (mode == JackCaptureLatency) {
        jack_latency_range_t r{self->capture_latency_, self->capture_latency_};
        for (auto* p : self->out_ports_) jack_port_set_latency_range(p, mode, &r);
    } else {
        jack_latency_range_t r{self->playback_latency_, self->playback_latency_};
        for (auto* p : self->in_ports_) jack_port_set_latency_range(p, mode, &r);
    }
}

void SignalClient::announce_latency(jack_nframes_t capture_on_outputs, jack_nframes_t playback_on_inputs) {
    capture_latency_ = capture_on_outputs;
    playback_latency_ = playback_on_inputs;
    jack_recompute_total_latencies(handle_.get());
}

bool SignalClient::record(std::chrono::milliseconds timeout) {
    state_.store(1);
    return JackHandle::wait_for([&] { return state_.load() == 3; }, timeout);
}

const std::vector<float>& SignalClient::recorded(const std::string& input) const {
    for (std::size_t i = 0; i < input_names_.size(); ++i)
        if (input_names_[i] == input) return buffers_[i];
    throw std::out_of_range("no input " + input);
}

float SignalClient::expected(const std::string& output, int64_t frame) const {
    for (const auto& [port, sig] : signals_)
        if (port == output) return sig(frame);
    throw std::out_of_range("no output " + output);
}

Signal sine(double amplitude, double hz) {
    constexpr double kRate = 48000.0;
    return [=](int64_t t) {
        return static_cast<float>(amplitude *
                                  std::sin(2.0 * std::numbers::pi * hz * static_cast<double>(t % 48000) / kRate));
    };
}

double rms_db(const std::vector<float>& x) {
    double sum = 0;
    for (float v : x) sum += double(v) * v;
    return 10.0 * std::log10(sum / static_cast<double>(x.size()));
}

}  // namespace headamp::test
