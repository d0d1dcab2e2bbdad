// Device and control records <-> the socket's JSON: the field names and values the socket has always
// carried, and back to the same record.
#include <gtest/gtest.h>

#include "control/records_json.hpp"

using namespace headamp::control;
using nlohmann::json;

namespace {

DeviceRecord bridged_solo() {
    DeviceRecord d;
    d.identity = "1235:8211:S1";
    d.manufacturer = "Focusrite";
    d.product = "Scarlett Solo USB";
    d.vendor_id = "1235";
    d.product_id = "8211";
    d.serial = "S1";
    d.port_path = "3-1";
    d.card = 2;
    d.card_id = "USB";
    d.label = "Solo";
    d.capture_channels = 2;
    d.playback_channels = 2;
    d.bridged = true;
    d.patched = true;
    d.capture_ports = {"Solo-in:capture_1", "Solo-in:capture_2"};
    d.playback_ports = {"Solo-out:playback_1", "Solo-out:playback_2"};
    d.sources = {"Solo 1", "Solo 2"};
    d.outputs = {"Solo"};
    d.bridges = {{"Solo-in", "lost sync", 0, 1, 1.0001}, {"Solo-out", "running", 2, 0, 1.0}};
    d.controls = 12;
    d.direct_monitor = "off";
    return d;
}

ControlRecord headphone_volume() {
    ControlRecord c;
    c.name = "Headphone Playback Volume";
    c.index = 0;
    c.kind = "volume";
    c.category = "output";
    c.channels = 2;
    c.writable = true;
    c.values = {0, 100};
    c.value = "mute";
    c.min = 0;
    c.max = 127;
    c.db = std::vector<std::optional<double>>{std::nullopt, -27.5};
    c.db_min = -127.0;
    c.db_max = 0.0;
    return c;
}

}  // namespace

TEST(DeviceRecordJson, CarriesTheSocketsFieldNamesAndValues) {
    EXPECT_EQ(json(bridged_solo()).dump(),
              R"({"bridges":[{"name":"Solo-in","ratio":1.0001,"restarts":0,"state":"lost sync","sync_losses":1},)"
              R"({"name":"Solo-out","ratio":1.0,"restarts":2,"state":"running","sync_losses":0}],)"
              R"("capture_channels":2,"capture_ports":["Solo-in:capture_1","Solo-in:capture_2"],"card":2,)"
              R"("card_id":"USB","controls":12,"direct_monitor":"off","graph":"bridged","identity":"1235:8211:S1",)"
              R"("label":"Solo","manufacturer":"Focusrite","outputs":["Solo"],"patched":true,)"
              R"("playback_channels":2,"playback_ports":["Solo-out:playback_1","Solo-out:playback_2"],)"
              R"("port_path":"3-1","product":"Scarlett Solo USB","product_id":"8211","serial":"S1",)"
              R"("sources":["Solo 1","Solo 2"],"vendor_id":"1235"})");
}

TEST(DeviceRecordJson, AJackDeviceWithoutControlsSaysSo) {
    DeviceRecord d = bridged_solo();
    d.bridged = false;
    d.bridges.clear();
    d.controls.reset();
    d.direct_monitor.clear();
    const json j = d;
    EXPECT_EQ(j["graph"], "jack");
    EXPECT_TRUE(j["controls"].is_null());
    EXPECT_EQ(j["direct_monitor"], "");
    EXPECT_EQ(j["bridges"], json::array());
}

TEST(DeviceRecordJson, RoundTrips) {
    const DeviceRecord bridged = bridged_solo();
    EXPECT_EQ(json(bridged).get<DeviceRecord>(), bridged);
    DeviceRecord own = bridged;
    own.bridged = false;
    own.controls.reset();
    EXPECT_EQ(json(own).get<DeviceRecord>(), own);
}

TEST(DeviceRecordJson, WhatIsMissingKeepsItsDefaultAndAWrongTypeThrows) {
    const DeviceRecord d = json{{"identity", "1235:8211:S1"}, {"card_id", "USB"}}.get<DeviceRecord>();
    EXPECT_EQ(d.identity, "1235:8211:S1");
    EXPECT_EQ(d.card_id, "USB");
    EXPECT_EQ(d.card, -1);
    EXPECT_FALSE(d.controls.has_value());
    EXPECT_THROW((json{{"card", "two"}}.get<DeviceRecord>()), json::exception);
}

TEST(ControlRecordJson, AVolumeCarriesItsRangesAndDbWithMuteAsNull) {
    EXPECT_EQ(json(headphone_volume()).dump(),
              R"({"category":"output","channels":2,"db":[null,-27.5],"db_max":0.0,"db_min":-127.0,"index":0,)"
              R"("kind":"volume","max":127,"min":0,"name":"Headphone Playback Volume","value":"mute",)"
              R"("values":[0,100],"writable":true})");
}

TEST(ControlRecordJson, ASwitchAndAnEnumerationCarryOnlyTheirOwnFields) {
    ControlRecord sw;
    sw.name = "Phantom Power Switch";
    sw.kind = "switch";
    sw.category = "unsafe";
    sw.channels = 1;
    sw.writable = true;
    sw.values = {1};
    sw.value = "on";
    EXPECT_EQ(json(sw).dump(), R"({"category":"unsafe","channels":1,"index":0,"kind":"switch",)"
                               R"("name":"Phantom Power Switch","value":"on","values":[1],"writable":true})");
    ControlRecord e = sw;
    e.name = "Clock Source";
    e.kind = "enumeration";
    e.category = "other";
    e.values = {1};
    e.items = std::vector<std::string>{"Internal", "SPDIF"};
    e.value = "SPDIF";
    const json j = e;
    EXPECT_EQ(j["items"], json::array({"Internal", "SPDIF"}));
    EXPECT_FALSE(j.contains("min"));
    EXPECT_FALSE(j.contains("db"));
}

TEST(ControlRecordJson, RoundTrips) {
    const ControlRecord volume = headphone_volume();
    EXPECT_EQ(json(volume).get<ControlRecord>(), volume);
    ControlRecord percent = volume;
    percent.db.reset();
    percent.db_min.reset();
    percent.db_max.reset();
    percent.value = "70%";
    EXPECT_EQ(json(percent).get<ControlRecord>(), percent);
    const std::vector<ControlRecord> list = {volume, percent};
    EXPECT_EQ(json(list).get<std::vector<ControlRecord>>(), list);
}
