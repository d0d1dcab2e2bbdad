// Test harness for JACK integration tests: a private jackd, a child process, and a client that feeds
// known signals and records what comes back, stamped with JACK frame times.
#pragma once

#include <jack/jack.h>
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace headamp::test {

// A unique server name per test, so tests can run in parallel.
std::string unique_server_name(const std::string& test);

// A child process, killed (SIGTERM, then SIGKILL) and reaped in the destructor.
class ChildProcess {
public:
    ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
                 const std::string& log_file);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    pid_t pid() const { return pid_; }
    bool running();
    // Sends a signal and waits up to `timeout` for the exit; returns the exit status or -1.
    int stop(int signal, std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

private:
    pid_t pid_ = -1;
    int status_ = -1;
};

// A file's whole text; empty when it cannot be read.
std::string read_text(const std::filesystem::path& file);

// How many times `what` occurs in `text` (a line a daemon logs once per event, say).
std::size_t occurrences(const std::string& text, const std::string& what);

// Runs argv (an absolute path first) to its end, with `extra_env` added to the environment and its
// output in `log` (truncated first). Returns the exit status, or -1 when it could not start.
int run_logged(const std::vector<std::string>& argv, const std::filesystem::path& log,
               const std::vector<std::string>& extra_env = {});
// The same, throwing with the command and its output when it fails.
void run_command(const std::vector<std::string>& argv, const std::filesystem::path& log);

// `jackd -n NAME -d dummy -r 48000 -p PERIOD`, ready when the constructor returns.
// sync: `jackd --sync`, the server waits for every client each cycle, so a client late under load
// (sanitizers, parallel tests) delays the cycle instead of leaving stale buffers in a recording
// that is compared sample by sample. Off by default: in sync mode a client that crashes stalls the
// graph until JACK's client timeout, which is not what the crash tests are about.
class JackServer {
public:
    explicit JackServer(std::string name, int period = 256, bool sync = false);
    const std::string& name() const { return name_; }
    void kill_hard();  // SIGKILL, like a crash
    void restart();
    std::string log() const;

private:
    void start();
    std::string name_;
    int period_;
    bool sync_;
    std::string log_file_;
    std::unique_ptr<ChildProcess> process_;
};

// A private `dbus-daemon --session` listening on `socket`, up when the constructor returns (it throws
// with the daemon's log otherwise): the system or session bus of a test that points the address there.
class PrivateBus {
public:
    PrivateBus(const std::filesystem::path& socket, const std::filesystem::path& log);
    std::string address() const { return "unix:path=" + socket_.string(); }

private:
    std::filesystem::path socket_;
    ChildProcess process_;
};

// Opens a client on a named server (no autostart); RAII.
class JackHandle {
public:
    JackHandle(const std::string& server, const std::string& client_name);
    ~JackHandle();
    JackHandle(const JackHandle&) = delete;
    JackHandle& operator=(const JackHandle&) = delete;
    jack_client_t* get() const { return client_; }
    bool port_exists(const std::string& port) const;
    bool connected(const std::string& a, const std::string& b) const;
    // Polls until pred() or timeout.
    static bool wait_for(const std::function<bool()>& pred, std::chrono::milliseconds timeout);

private:
    jack_client_t* client_ = nullptr;
};

// Whether port a is connected to port b, asked through a short-lived client; false also when the
// server refuses a client for the moment (one just restarted is still notifying its old clients).
bool ports_connected(const std::string& server, const std::string& a, const std::string& b);

using Signal = std::function<float(int64_t frame)>;

// amplitude * sin(2 pi hz t / 48000) at frame t, with t taken modulo one second (48000 frames) so
// that the phase stays exact however long a test runs (whole hz only).
Signal sine(double amplitude, double hz);

// Feeds one signal per output port, records every input port, in the same JACK cycle numbering.
class SignalClient {
public:
    SignalClient(const std::string& server, const std::string& name,
                 std::vector<std::pair<std::string, Signal>> outputs, std::vector<std::string> inputs,
                 int64_t record_frames);
    ~SignalClient();
    jack_client_t* client() const { return handle_.get(); }
    std::string full_name(const std::string& port) const;
    // Starts recording at the next cycle, waits until record_frames are in; false on timeout.
    bool record(std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));
    const std::vector<float>& recorded(const std::string& input) const;
    int64_t first_frame() const { return first_frame_; }  // frame time of recorded(...)[0]
    // The frame time of each cycle recorded, in order: after an xrun JACK's frame counter moves on by
    // whole periods, and the recording no longer runs on from first_frame() there.
    const std::vector<int64_t>& cycle_frames() const { return cycle_frames_; }
    float expected(const std::string& output, int64_t frame) const;
    // Latencies this client announces on its ports (to check that headamp passes them through).
    void announce_latency(jack_nframes_t capture_on_outputs, jack_nframes_t playback_on_inputs);

private:
    static int process(jack_nframes_t n, void* self);
    static void latency(jack_latency_callback_mode_t mode, void* self);
    JackHandle handle_;
    std::vector<std::pair<std::string, Signal>> signals_;
    std::vector<jack_port_t*> out_ports_;
    std::vector<std::string> input_names_;
    std::vector<jack_port_t*> in_ports_;
    std::vector<std::vector<float>> buffers_;
    std::atomic<int> state_{0};  // 0 idle, 1 armed, 2 recording, 3 done
    int64_t written_ = 0;
    int64_t first_frame_ = 0;
    std::vector<int64_t> cycle_frames_;  // reserved for a cycle per frame: the callback never allocates
    int64_t record_frames_;
    jack_nframes_t capture_latency_ = 0;
    jack_nframes_t playback_latency_ = 0;
};

// RMS in dB of a recorded stretch.
double rms_db(const std::vector<float>& x);

}  // namespace headamp::test
