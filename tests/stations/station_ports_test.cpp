// Which JACK clients are stations (jack/station_ports): the layout NETJACK.md measured is one, and
// every other layout or name is refused with a reason, never thrown.
#include <gtest/gtest.h>

#include "jack/station_ports.hpp"

namespace headamp::jack {
namespace {

const std::vector<std::string> kSystemIn{"system:playback_1", "system:playback_2"};
const std::vector<std::string> kSystemOut{"system:capture_1", "system:capture_2"};

std::vector<std::string> plus(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

TEST(StationPorts, AStationAsMainSeesIt) {
    const StationScan scan =
        find_stations(plus(kSystemIn, {"st1:to_slave_1", "st1:to_slave_2", "headamp:vox"}),
                      plus(kSystemOut, {"st1:from_slave_1", "st1:from_slave_2", "headamp:mix1_L"}));
    ASSERT_EQ(scan.stations.size(), 1u);
    EXPECT_TRUE(scan.refused.empty());
    EXPECT_EQ(scan.stations[0].name, "st1");
    EXPECT_EQ(scan.stations[0].to_slave, (std::vector<std::string>{"st1:to_slave_1", "st1:to_slave_2"}));
    EXPECT_EQ(scan.stations[0].from_slave, (std::vector<std::string>{"st1:from_slave_1", "st1:from_slave_2"}));
}

TEST(StationPorts, ChannelsComeInNumberOrderAndCaptureIsOptional) {
    const StationScan scan = find_stations(
        {"drums:to_slave_10", "drums:to_slave_2", "drums:to_slave_1", "drums:to_slave_3", "drums:to_slave_4",
         "drums:to_slave_5", "drums:to_slave_6", "drums:to_slave_7", "drums:to_slave_8", "drums:to_slave_9"},
        {});
    ASSERT_EQ(scan.stations.size(), 1u);
    EXPECT_EQ(scan.stations[0].to_slave.front(), "drums:to_slave_1");
    EXPECT_EQ(scan.stations[0].to_slave[1], "drums:to_slave_2");
    EXPECT_EQ(scan.stations[0].to_slave.back(), "drums:to_slave_10");
    EXPECT_TRUE(scan.stations[0].from_slave.empty());
}

TEST(StationPorts, TwoStationsApart) {
    const StationScan scan =
        find_stations({"a:to_slave_1", "b:to_slave_1", "a:to_slave_2", "b:to_slave_2"}, {"b:from_slave_1"});
    ASSERT_EQ(scan.stations.size(), 2u);
    EXPECT_EQ(scan.stations[0].name, "a");
    EXPECT_EQ(scan.stations[1].name, "b");
    EXPECT_EQ(scan.stations[1].from_slave, std::vector<std::string>{"b:from_slave_1"});
}

// Each refused with its reason, and the well-formed station beside them still found.
TEST(StationPorts, UnexpectedLayoutsAreRefusedWithAReason) {
    const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> bad{
        {{"x:to_slave_1"}, {}},                                    // no pair to play on
        {{"x:to_slave_1", "x:to_slave_3"}, {}},                    // a gap
        {{"x:to_slave_1", "x:to_slave_2", "x:extra"}, {}},         // a port of another kind
        {{"x:to_slave_1", "x:to_slave_2", "x:from_slave_1"}, {}},  // from_slave as an input
        {{"x:to_slave_1", "x:to_slave_2"}, {"x:to_slave_3"}},      // to_slave as an output
        {{"x:to_slave_01", "x:to_slave_2"}, {}},                   // not JACK's numbering
        {{"x:to_slave_1", "x:to_slave_2"}, {"x:from_slave_2"}},    // capture without its first
    };
    for (const auto& [inputs, outputs] : bad) {
        const StationScan scan = find_stations(plus(inputs, {"ok:to_slave_1", "ok:to_slave_2"}), outputs);
        ASSERT_EQ(scan.stations.size(), 1u) << inputs.front();
        EXPECT_EQ(scan.stations[0].name, "ok");
        ASSERT_EQ(scan.refused.size(), 1u) << inputs.back();
        EXPECT_NE(scan.refused[0].find("JACK client 'x'"), std::string::npos) << scan.refused[0];
    }
}

TEST(StationPorts, ANameThatCannotNameASourceIsRefused) {
    for (const std::string& name :
         std::vector<std::string>{"has space", "semi;colon", "quote'", std::string(kMaxStationName + 1, 'a')}) {
        const StationScan scan = find_stations({name + ":to_slave_1", name + ":to_slave_2"}, {});
        EXPECT_TRUE(scan.stations.empty()) << name;
        ASSERT_EQ(scan.refused.size(), 1u) << name;
        EXPECT_NE(scan.refused[0].find("not a valid station name"), std::string::npos) << scan.refused[0];
    }
    EXPECT_TRUE(valid_station_name("drums-1.left_2"));
    EXPECT_TRUE(valid_station_name(std::string(kMaxStationName, 'a')));
    EXPECT_FALSE(valid_station_name(""));
}

TEST(StationPorts, ClientsWithoutNetjackNamesAreNotLookedAt) {
    const StationScan scan = find_stations(plus(kSystemIn, {"zita:playback_1", "slave:to_1"}), kSystemOut);
    EXPECT_TRUE(scan.stations.empty());
    EXPECT_TRUE(scan.refused.empty());
}

// JACK2 names a client whose name is taken NAME-01 .. NAME-99: a station rejoining while its old
// proxy lingers is the same station; a name that only looks renamed is itself.
TEST(StationPorts, ARenamedProxyIsItsStationOnlyWhileTheNameItWasGivenInsteadIsTaken) {
    const std::set<std::string> lingering = client_names({"system:playback_1", "st1:to_slave_1", "st1-01:to_slave_1"});
    EXPECT_EQ(lingering, (std::set<std::string>{"system", "st1", "st1-01"}));
    EXPECT_EQ(station_identity("st1-01", lingering), "st1");
    EXPECT_EQ(station_identity("st1", lingering), "st1");
    EXPECT_EQ(station_identity("st1-02", {"st1", "st1-01", "st1-02"}), "st1");
    EXPECT_EQ(station_identity("st1-01", {"st1-01"}), "st1-01");              // no st1: a station of that name
    EXPECT_EQ(station_identity("drums-2", {"drums", "drums-2"}), "drums-2");  // not JACK2's two digits
    EXPECT_EQ(station_identity("st1-1a", {"st1", "st1-1a"}), "st1-1a");
    EXPECT_EQ(station_identity("-01", {"", "-01"}), "-01");
}

}  // namespace
}  // namespace headamp::jack
