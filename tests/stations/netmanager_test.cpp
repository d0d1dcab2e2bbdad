// jack/netmanager: headamp loads NetJACK2's netmanager into a main server that has none, through
// libjack (no jack_load), once; and a station joins through it.
#include <gtest/gtest.h>

#include "core/engine.hpp"
#include "jack/jack_client.hpp"
#include "jack/netmanager.hpp"
#include "station_world.hpp"

using namespace headamp;
using namespace std::chrono_literals;

namespace {

TEST(Netmanager, IsLoadedOnceAndAStationJoinsThroughIt) {
    if (auto why = test::stations_unavailable()) GTEST_SKIP() << *why;
    test::StationWorld world;
    world.start_main(256, false);
    const test::ClientPtr watch = test::open_client(world.main_server(), "watch");
    core::Engine engine(48000.0);
    jack::JackClient client("headamp", world.main_server(), engine);

    EXPECT_FALSE(jack::netmanager_loaded(client));
    EXPECT_EQ(jack::ensure_netmanager(client), jack::NetmanagerLoad::Loaded);
    EXPECT_TRUE(jack::netmanager_loaded(client));
    EXPECT_EQ(jack::ensure_netmanager(client), jack::NetmanagerLoad::AlreadyThere);

    world.add_station("st1");
    EXPECT_TRUE(
        test::JackHandle::wait_for([&] { return jack_port_by_name(watch.get(), "st1:to_slave_1") != nullptr; }, 5s))
        << "no station joined through the netmanager headamp loaded; main's log:\n"
        << world.log("main");
}

TEST(Netmanager, TheCommandToLoadItByHandNamesTheServer) {
    EXPECT_EQ(jack::netmanager_load_command(""), "jack_load netmanager");
    EXPECT_EQ(jack::netmanager_load_command("stage"), "jack_load -s stage netmanager");
}

}  // namespace
