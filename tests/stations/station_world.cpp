// The stations test world (see station_world.hpp).
#include "station_world.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

namespace headamp::test {

namespace {

const std::string kIp = "/usr/sbin/ip";
const std::string kJackd = "/usr/bin/jackd";
const std::string kJackLoad = "/usr/bin/jack_load";
// NetJACK2's rendezvous: multicast, which stays inside the test's namespaces.
const std::string kMulticast = "225.3.19.154";
const std::string kUdpPort = "19000";
constexpr int kWedgeStatus = JackFailure | JackServerError;  // 0x21

std::string command_log() { return "/tmp/headamp-stations-" + std::to_string(getpid()) + ".command.log"; }

bool dev_shm_private() {
    std::ifstream mounts("/proc/self/mounts");
    std::string line;
    while (std::getline(mounts, line))
        if (line.rfind("headamp-test-shm /dev/shm ", 0) == 0) return true;
    return false;
}

std::string unique_prefix() {
    static std::atomic<int> counter{0};
    return "ha" + std::to_string(getpid()) + "-" + std::to_string(counter++);
}

// The main server's name, the same for every world of this process. JACK2 keeps its servers in a
// registry of 8 slots in /dev/shm, and frees a SIGKILLed server's slot only when a server of the same
// name starts: with a new name per world, the eighth world's main jackd found no slot ("Too many
// servers already active"). The stations' names repeat in every world already.
std::string main_server_name() { return "ha" + std::to_string(getpid()) + "-main"; }

}  // namespace

std::optional<std::string> stations_unavailable() {
    static const std::optional<std::string> why = []() -> std::optional<std::string> {
        if (geteuid() != 0) return "the stations tests need root (network namespaces); skipped";
        if (access(kIp.c_str(), X_OK) != 0) return kIp + " is missing; skipped";
        if (!dev_shm_private()) return "no private /dev/shm for this test (see private_shm.cpp); skipped";
        const std::string probe = unique_prefix() + "-probe";
        if (run_logged({kIp, "netns", "add", probe}, command_log()) != 0)
            return "`ip netns` is unavailable here (" + read_text(command_log()) + "); skipped";
        run_logged({kIp, "netns", "del", probe}, command_log());
        return std::nullopt;
    }();
    return why;
}

void run_command(const std::vector<std::string>& argv) { run_command(argv, command_log()); }

ClientPtr open_client(const std::string& server, const std::string& name, std::chrono::milliseconds patience) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    bool always_wedged = true;
    jack_status_t status{};
    for (;;) {
        jack_client_t* client = jack_client_open(
            name.c_str(), static_cast<jack_options_t>(JackNoStartServer | JackServerName), &status, server.c_str());
        if (client) return ClientPtr(client);
        always_wedged = always_wedged && status == kWedgeStatus;
        if (std::chrono::steady_clock::now() >= deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (always_wedged)
        throw ServerWedged("JACK server '" + server + "' refuses every client (status 0x21) for " +
                           std::to_string(patience.count()) +
                           " ms: the NetJACK2 wedge (jack2 #1023), only SIGKILL ends it");
    std::ostringstream hex;
    hex << std::hex << static_cast<int>(status);
    throw std::runtime_error("cannot open JACK client '" + name + "' on '" + server + "' (status 0x" + hex.str() + ")");
}

StationWorld::StationWorld()
    : prefix_(unique_prefix()), main_netns_(prefix_ + "-main"), main_server_(main_server_name()) {
    run_command({kIp, "netns", "add", main_netns_});
    run_command({kIp, "-n", main_netns_, "link", "set", "lo", "up"});
    run_command({kIp, "-n", main_netns_, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0"});
    run_command({kIp, "-n", main_netns_, "addr", "add", "10.77.0.1/24", "dev", "br0"});
    run_command({kIp, "-n", main_netns_, "link", "set", "br0", "up"});
    run_command({kIp, "-n", main_netns_, "route", "add", "224.0.0.0/4", "dev", "br0"});
}

StationWorld::~StationWorld() {
    // Clients first, then the stations, then main: SIGKILL, the servers' shutdown is not under test
    // (main with netmanager loaded takes ~6 s to stop on SIGTERM).
    others_.clear();
    for (auto& [name, station] : stations_)
        if (station.jackd) station.jackd->stop(SIGKILL);
    if (main_jackd_) main_jackd_->stop(SIGKILL);
    for (auto& [name, station] : stations_) run_logged({kIp, "netns", "del", station.netns}, command_log());
    run_logged({kIp, "netns", "del", main_netns_}, command_log());
}

std::vector<std::string> StationWorld::in_netns(const std::string& netns, std::vector<std::string> argv) const {
    argv.insert(argv.begin(), {kIp, "netns", "exec", netns});
    return argv;
}

void StationWorld::start_main(int period, bool netmanager) {
    main_jackd_ = std::make_unique<ChildProcess>(
        in_netns(main_netns_, {kJackd, "--no-realtime", "-n", main_server_, "-d", "dummy", "-r", "48000", "-p",
                               std::to_string(period)}),
        std::vector<std::string>{"JACK_NO_AUDIO_RESERVATION=1"}, "/tmp/" + prefix_ + ".main.log");
    open_client(main_server_, "probe", std::chrono::milliseconds(15000));
    if (netmanager) load_netmanager();
}

void StationWorld::load_netmanager() {
    run_command({kJackLoad, "-s", main_server_, "netmanager", "-i", "-a " + kMulticast + " -p " + kUdpPort});
}

void StationWorld::add_station(const std::string& name, int latency) {
    const std::string veth = "v" + name;
    if (veth.size() > 15) throw std::invalid_argument("station name too long for an interface: " + name);
    Station& station = stations_[name];
    station.netns = prefix_ + "-" + name;
    station.latency = latency;
    const std::string address = "10.77.0." + std::to_string(next_address_++) + "/24";
    run_command({kIp, "netns", "add", station.netns});
    run_command({kIp, "-n", station.netns, "link", "set", "lo", "up"});
    run_command(
        {kIp, "-n", main_netns_, "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", station.netns});
    run_command({kIp, "-n", main_netns_, "link", "set", veth, "master", "br0"});
    run_command({kIp, "-n", main_netns_, "link", "set", veth, "up"});
    run_command({kIp, "-n", station.netns, "addr", "add", address, "dev", "eth0"});
    set_link(name, true);
    start_station(name);
}

void StationWorld::start_station(const std::string& name) {
    Station& station = stations_.at(name);
    if (station.jackd) station.jackd->stop(SIGKILL);
    station.jackd = std::make_unique<ChildProcess>(in_netns(station.netns, {kJackd, "--no-realtime",
                                                                            "-n",   name,
                                                                            "-d",   "net",
                                                                            "-a",   kMulticast,
                                                                            "-p",   kUdpPort,
                                                                            "-n",   name,
                                                                            "-C",   "2",
                                                                            "-P",   "2",
                                                                            "-i",   "0",
                                                                            "-o",   "0",
                                                                            "-l",   std::to_string(station.latency)}),
                                                   std::vector<std::string>{"JACK_NO_AUDIO_RESERVATION=1"},
                                                   "/tmp/" + prefix_ + "." + name + ".log");
}

void StationWorld::kill_station(const std::string& name) {
    Station& station = stations_.at(name);
    if (station.jackd) station.jackd->stop(SIGKILL);
}

void StationWorld::set_link(const std::string& name, bool up) {
    const std::string& netns = stations_.at(name).netns;
    run_command({kIp, "-n", netns, "link", "set", "eth0", up ? "up" : "down"});
    // Link down deletes the static multicast route: put it back with the link.
    if (up) run_command({kIp, "-n", netns, "route", "replace", "224.0.0.0/4", "dev", "eth0"});
}

ChildProcess& StationWorld::spawn(const std::vector<std::string>& argv, const std::string& log_name,
                                  const std::vector<std::string>& extra_env) {
    others_.push_back(std::make_unique<ChildProcess>(argv, extra_env, "/tmp/" + prefix_ + "." + log_name + ".log"));
    return *others_.back();
}

std::string StationWorld::log(const std::string& log_name) const {
    return read_text("/tmp/" + prefix_ + "." + log_name + ".log");
}

}  // namespace headamp::test
