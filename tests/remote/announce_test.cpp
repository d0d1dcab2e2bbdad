// headampd with OSC on and no avahi-daemon, as on most stages: with no system bus at all, and with a
// system bus on which no avahi-daemon runs. Either way it says so once in its log, and everything else
// works: the control socket answers and OSC changes the mix.
#include "daemon_fixture.hpp"
#include "osc_client.hpp"

namespace headamp::test {
namespace {

// OSC open to the LAN, so that there is something to announce.
std::string config(int port) {
    return std::string(kFixtureConfig) + "\n[osc]\nport = " + std::to_string(port) + "\nlisten = \"0.0.0.0\"\n";
}

std::string test_name() { return ::testing::UnitTest::GetInstance()->current_test_info()->name(); }

// OSC still moves the mix's first send, and status still answers, with the port.
void expect_working(Daemon& daemon, int port) {
    control::ControlClient c(daemon.socket);
    const json status = c.request({{"op", "status"}});
    EXPECT_EQ(status["daemon"]["osc_port"], port) << status.dump();
    OscClient osc(port);
    osc.send("/mix/1/ch/1/db", {-9.0f});
    EXPECT_TRUE(JackHandle::wait_for([&] { return daemon.state()["mixes"][0]["sends"][0]["level_db"] == -9.0; }, 3s))
        << daemon.log();
}

TEST(Announce, WithoutASystemBusHeadampdSaysSoAndWorks) {
    const int port = free_udp_port();
    Daemon daemon(test_name(), config(port), false);
    daemon.start({"DBUS_SYSTEM_BUS_ADDRESS=unix:path=" + (daemon.dir / "no-such-bus").string()});
    EXPECT_TRUE(
        JackHandle::wait_for([&] { return daemon.log().find("not announced on the LAN") != std::string::npos; }, 3s))
        << daemon.log();
    expect_working(daemon, port);
}

TEST(Announce, OnABusWithoutAvahiDaemonItWaitsForOneAndWorks) {
    const int port = free_udp_port();
    Daemon daemon(test_name(), config(port), false);
    const PrivateBus bus(daemon.dir / "system_bus_socket", daemon.dir / "dbus.log");
    daemon.start({"DBUS_SYSTEM_BUS_ADDRESS=" + bus.address()});
    EXPECT_TRUE(JackHandle::wait_for(
        [&] { return daemon.log().find("no avahi-daemon on the system bus; waiting for one") != std::string::npos; },
        3s))
        << daemon.log();
    expect_working(daemon, port);
    EXPECT_TRUE(daemon.process->running());
}

}  // namespace
}  // namespace headamp::test
