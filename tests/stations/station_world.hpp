// The stations test world: network namespaces (a main one with a bridge, one per station with a veth
// into it), the main jackd with NetJACK2's netmanager, and stations running `jackd -d net`.
#pragma once

#include <jack/jack.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "jack_harness.hpp"

namespace headamp::test {

// Why this machine cannot run the stations tests (not root, no `ip netns`, no private /dev/shm), or
// nothing when it can. Asked once; the answer is the skip message.
std::optional<std::string> stations_unavailable();

// Runs a command to its end with its output in the stations' command log; throws with that output
// when it fails (jack_harness.hpp's run_command).
void run_command(const std::vector<std::string>& argv);

// The main server refuses every new client (status 0x21) while it runs: the wedge NETJACK.md
// describes (jack2 #1023), seen after a station's proxy client died as it was created.
class ServerWedged : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ClientCloser {
    void operator()(jack_client_t* client) const { jack_client_close(client); }
};
using ClientPtr = std::unique_ptr<jack_client_t, ClientCloser>;

// Opens a client on `server`, failing with ServerWedged, not hanging, when the server refuses
// every client for `patience`.
ClientPtr open_client(const std::string& server, const std::string& name,
                      std::chrono::milliseconds patience = std::chrono::milliseconds(3000));

// Namespaces, bridge and veths, with addresses only inside them and the 224.0.0.0/4 route in each:
// a main namespace holding the bridge 10.77.0.1/24, a station namespace per add_station. Every
// process started here runs inside it; the destructor stops them and deletes the namespaces.
class StationWorld {
public:
    StationWorld();
    ~StationWorld();
    StationWorld(const StationWorld&) = delete;
    StationWorld& operator=(const StationWorld&) = delete;

    // The main JACK server: `jackd -d dummy -p period` in the main namespace, with netmanager loaded
    // by `jack_load` unless the test loads it some other way.
    const std::string& main_server() const { return main_server_; }
    void start_main(int period = 256, bool netmanager = true);

    // A station's namespace and its `jackd -n name -d net ... -n name -l latency`, started.
    void add_station(const std::string& name, int latency = 1);
    void start_station(const std::string& name);
    void kill_station(const std::string& name);  // SIGKILL, like a box losing power
    // The station's end of its cable down or up (the multicast route is put back on up).
    void set_link(const std::string& name, bool up);
    // The JACK server name of a station (its jackd runs under the station's name).
    std::string station_server(const std::string& name) const { return name; }

    // A process in the test's JACK world (sharing its /dev/shm), stopped before the namespaces go.
    ChildProcess& spawn(const std::vector<std::string>& argv, const std::string& log_name,
                        const std::vector<std::string>& extra_env = {});
    std::string log(const std::string& log_name) const;
    const std::string& prefix() const { return prefix_; }

private:
    struct Station {
        std::string netns;
        int latency = 1;
        std::unique_ptr<ChildProcess> jackd;
    };
    std::vector<std::string> in_netns(const std::string& netns, std::vector<std::string> argv) const;
    void load_netmanager();

    std::string prefix_;
    std::string main_netns_;
    std::string main_server_;
    std::unique_ptr<ChildProcess> main_jackd_;
    std::map<std::string, Station> stations_;
    std::vector<std::unique_ptr<ChildProcess>> others_;
    int next_address_ = 11;
};

}  // namespace headamp::test
