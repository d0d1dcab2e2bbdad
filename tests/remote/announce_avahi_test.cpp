// headampd announced by a real avahi-daemon: both run inside a network namespace the test creates (a
// veth pair, so mDNS multicast stays there) and meet on a private D-Bus. headampd, started before the
// daemon, announces the page and OSC once it appears and again after it restarts; avahi-browse, asking
// that daemon, resolves both services to headampd's name, address and ports.
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <sstream>

#include "daemon_fixture.hpp"

namespace headamp::test {
namespace {

const std::string kIp = "/usr/sbin/ip";
const std::string kHost = "headamp-avahi-test";
const std::string kAddress = "10.78.0.1";
constexpr int kPagePort = 48080;  // any port is free in a namespace of our own
constexpr int kOscPort = 49000;

// Where scripts/deps unpacked avahi-daemon and avahi-utils (not installed, so no daemon of the machine's
// runs), or the machine's own copy when it has one.
std::string avahi_program(const std::string& path) {
    const std::string unpacked = env_or("HEADAMP_AVAHI", "/var/cache/headamp-avahi") + path;
    return access(unpacked.c_str(), X_OK) == 0 ? unpacked : path;
}

// A network namespace with a veth pair up inside it and an address on one end: somewhere for mDNS to
// go that is not the machine's LAN.
class Namespace {
public:
    Namespace(std::string name, std::filesystem::path log) : name_(std::move(name)), log_(std::move(log)) {
        run_command({kIp, "netns", "add", name_}, log_);
        run_command({kIp, "-n", name_, "link", "set", "lo", "up"}, log_);
        run_command({kIp, "-n", name_, "link", "add", "va", "type", "veth", "peer", "name", "vb"}, log_);
        run_command({kIp, "-n", name_, "addr", "add", kAddress + "/24", "dev", "va"}, log_);
        run_command({kIp, "-n", name_, "link", "set", "va", "up"}, log_);
        run_command({kIp, "-n", name_, "link", "set", "vb", "up"}, log_);
    }
    ~Namespace() { run_logged({kIp, "netns", "del", name_}, log_); }
    Namespace(const Namespace&) = delete;
    Namespace& operator=(const Namespace&) = delete;

    std::vector<std::string> exec() const { return {kIp, "netns", "exec", name_}; }

private:
    std::string name_;
    std::filesystem::path log_;
};

// One `avahi-browse -p -r -t` line for a resolved service: `=;IF;PROTO;NAME;TYPE;DOMAIN;HOST;ADDR;PORT;TXT`.
struct Resolved {
    std::string name, type, host, address;
    int port = 0;
};

std::vector<Resolved> resolved(const std::string& output) {
    std::vector<Resolved> out;
    std::istringstream lines(output);
    std::string line;
    while (std::getline(lines, line)) {
        std::vector<std::string> f;
        std::istringstream fields(line);
        for (std::string x; std::getline(fields, x, ';');) f.push_back(x);
        if (f.size() >= 9 && f[0] == "=") out.push_back({f[3], f[4], f[6], f[7], std::stoi(f[8])});
    }
    return out;
}

class AnnounceAvahi : public ::testing::Test {
protected:
    void SetUp() override {
        if (geteuid() != 0) GTEST_SKIP() << "a network namespace of its own needs root; skipped";
        ASSERT_EQ(access(avahi_program("/usr/sbin/avahi-daemon").c_str(), X_OK), 0)
            << "no avahi-daemon: scripts/deps test unpacks one into /var/cache/headamp-avahi";
        daemon_ = std::make_unique<Daemon>("avahi-announce", config(), false);
        netns_ = std::make_unique<Namespace>("ha-avahi-" + std::to_string(getpid()), daemon_->dir / "ip.log");
        bus_ = std::make_unique<PrivateBus>(daemon_->dir / "system_bus_socket", daemon_->dir / "dbus.log");
        std::ofstream(daemon_->dir / "avahi-daemon.conf") << "[server]\nhost-name=" << kHost
                                                          << "\nuse-ipv4=yes\nuse-ipv6=no\nallow-interfaces=va\n"
                                                             "enable-dbus=yes\n[wide-area]\nenable-wide-area=no\n"
                                                             "[publish]\npublish-hinfo=no\npublish-workstation=no\n";
        write_accounts();
    }

    // avahi-daemon makes its runtime directory for the user and group 'avahi' even when it keeps root
    // (make_runtime_dir in avahi-daemon/main.c), and fails without them ("Failed to find user 'avahi'").
    // Debian's avahi-daemon package would add them; it is unpacked, not installed, so the namespace gets
    // copies of /etc/passwd and /etc/group that have them, bound over the real ones there only.
    void write_accounts() const {
        std::string passwd = read_text("/etc/passwd"), group = read_text("/etc/group");
        if (!getpwnam("avahi"))
            passwd += "avahi:x:64999:64999:headamp's test avahi-daemon:/nonexistent:/usr/sbin/nologin\n";
        if (!getgrnam("avahi")) group += "avahi:x:64999:\n";
        std::ofstream(daemon_->dir / "passwd") << passwd;
        std::ofstream(daemon_->dir / "group") << group;
    }

    // The page and OSC open to the namespace's network, so that both are announced.
    static std::string config() {
        return std::string(kFixtureConfig) + "\n[remote]\nlisten = \"0.0.0.0:" + std::to_string(kPagePort) +
               "\"\n\n[osc]\nport = " + std::to_string(kOscPort) + "\nlisten = \"0.0.0.0\"\n";
    }

    // avahi-daemon in the namespace, with /run a tmpfs of its own there (its pid file and socket), and the
    // accounts above.
    void start_avahi() {
        std::vector<std::string> argv = netns_->exec();
        argv.insert(argv.end(), {"/bin/sh", "-c",
                                 "mount -t tmpfs headamp-avahi /run && mount --bind \"$1\" /etc/passwd && "
                                 "mount --bind \"$2\" /etc/group && shift 2 && exec \"$@\"",
                                 "sh", (daemon_->dir / "passwd").string(), (daemon_->dir / "group").string(),
                                 avahi_program("/usr/sbin/avahi-daemon"), "--no-drop-root", "--no-chroot",
                                 "--no-rlimits", "-f", (daemon_->dir / "avahi-daemon.conf").string()});
        avahi_ =
            std::make_unique<ChildProcess>(argv, std::vector<std::string>{"DBUS_SYSTEM_BUS_ADDRESS=" + bus_->address()},
                                           (daemon_->dir / "avahi-daemon.log").string());
    }

    // What that avahi-daemon resolves of `type`, as a browser on the LAN would see it.
    std::vector<Resolved> browse(const std::string& type) {
        const std::filesystem::path log = daemon_->dir / "avahi-browse.log";
        const int status = run_logged({avahi_program("/usr/bin/avahi-browse"), "-p", "-r", "-t", "-k", type}, log,
                                      {"DBUS_SYSTEM_BUS_ADDRESS=" + bus_->address()});
        EXPECT_EQ(status, 0) << read_text(log);
        return resolved(read_text(log));
    }

    // Both services, under headampd's name, at the namespace's address and headampd's ports.
    void expect_announced() {
        const std::string name = "headamp\\032on\\032" + kHost;
        for (const auto& [type, port] :
             {std::pair<std::string, int>{"_http._tcp", kPagePort}, {"_osc._udp", kOscPort}}) {
            const std::vector<Resolved> found = browse(type);
            ASSERT_EQ(found.size(), 1u) << type << ":\n" << read_text(daemon_->dir / "avahi-browse.log");
            EXPECT_EQ(found[0].name, name);
            EXPECT_EQ(found[0].type, type);
            EXPECT_EQ(found[0].host, kHost + ".local");
            EXPECT_EQ(found[0].address, kAddress);
            EXPECT_EQ(found[0].port, port) << type;
        }
    }

    std::size_t count_in_log(const std::string& what) const { return occurrences(daemon_->log(), what); }

    void TearDown() override {
        avahi_.reset();
        if (daemon_) daemon_->process.reset();  // headampd, inside the namespace, before it goes
        bus_.reset();
        netns_.reset();
    }

    std::unique_ptr<Daemon> daemon_;
    std::unique_ptr<Namespace> netns_;
    std::unique_ptr<PrivateBus> bus_;
    std::unique_ptr<ChildProcess> avahi_;
};

TEST_F(AnnounceAvahi, HeadampdAnnouncesThePageAndOscWhenTheDaemonAppearsAndAgainAfterItRestarts) {
    const std::string announced = "announced on the LAN as 'headamp on " + kHost + "'";
    daemon_->run_under = netns_->exec();
    daemon_->start({"DBUS_SYSTEM_BUS_ADDRESS=" + bus_->address()});
    ASSERT_TRUE(JackHandle::wait_for([&] { return count_in_log("waiting for one") == 1; }, 5s)) << daemon_->log();

    start_avahi();
    ASSERT_TRUE(JackHandle::wait_for([&] { return count_in_log(announced) == 1; }, 10s))
        << daemon_->log() << "\navahi-daemon:\n"
        << read_text(daemon_->dir / "avahi-daemon.log");
    expect_announced();

    // The daemon goes away (a package upgrade, a restart): headampd waits for it and keeps working.
    ASSERT_EQ(avahi_->stop(SIGTERM), 0) << read_text(daemon_->dir / "avahi-daemon.log");
    ASSERT_TRUE(JackHandle::wait_for([&] { return count_in_log("waiting for one") == 2; }, 5s)) << daemon_->log();
    EXPECT_TRUE(daemon_->connected()) << daemon_->log();

    start_avahi();
    ASSERT_TRUE(JackHandle::wait_for([&] { return count_in_log(announced) == 2; }, 10s))
        << daemon_->log() << "\navahi-daemon:\n"
        << read_text(daemon_->dir / "avahi-daemon.log");
    expect_announced();
    EXPECT_TRUE(daemon_->process->running());
}

}  // namespace
}  // namespace headamp::test
