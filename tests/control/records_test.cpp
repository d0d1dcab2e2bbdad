// Device, control, graph-view, meter and JACK records <-> the socket's JSON: the field names and values
// the socket has always carried, and back to the same record.
#include <gtest/gtest.h>

#include "control/records_json.hpp"
#include "control/state_json.hpp"

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
    EXPECT_EQ(
        json(bridged_solo()).dump(),
        R"({"bridges":[{"name":"Solo-in","ratio":1.0001,"restarts":0,"state":"lost sync","sync_losses":1},)"
        R"({"name":"Solo-out","ratio":1.0,"restarts":2,"state":"running","sync_losses":0}],)"
        R"("capture_channels":2,"capture_ports":["Solo-in:capture_1","Solo-in:capture_2"],"card":2,)"
        R"("card_id":"USB","controls":12,"direct_monitor":"off","graph":"bridged","identity":"1235:8211:S1",)"
        R"("kind":"usb","label":"Solo","latency_periods":null,"manufacturer":"Focusrite","outputs":["Solo"],)"
        R"("patched":true,"playback_channels":2,"playback_ports":["Solo-out:playback_1","Solo-out:playback_2"],)"
        R"("port_path":"3-1","product":"Scarlett Solo USB","product_id":"8211","round_trip_ms":null,"serial":"S1",)"
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

TEST(DeviceRecordJson, AStationSaysSoWithItsNetJack2Latency) {
    DeviceRecord d;
    d.kind = "station";
    d.identity = "st1";
    d.product = "NetJACK2 station";
    d.playback_channels = 2;
    d.latency_periods = 1;
    d.round_trip_ms = 10.6667;
    const json j = d;
    EXPECT_EQ(j["kind"], "station");
    EXPECT_EQ(j["latency_periods"], 1);
    EXPECT_DOUBLE_EQ(j["round_trip_ms"].get<double>(), 10.6667);
    EXPECT_EQ(j.get<DeviceRecord>(), d);
    // A daemon from before the field: a USB interface, no latency.
    json old = j;
    old.erase("kind");
    old.erase("latency_periods");
    old.erase("round_trip_ms");
    const DeviceRecord read = old.get<DeviceRecord>();
    EXPECT_EQ(read.kind, "usb");
    EXPECT_FALSE(read.latency_periods.has_value());
    EXPECT_FALSE(read.round_trip_ms.has_value());
}

TEST(DeviceRecordJson, APipeWireCardCarriesItsNodesProfileQuantumAndWhoseVolumeAndRoundTrips) {
    DeviceRecord d = bridged_solo();
    d.bridged = false;
    d.bridges.clear();
    d.pipewire = PipeWireRecord{{"alsa_input.usb-F-00.analog-stereo", "alsa_output.usb-F-00.analog-stereo"},
                                "Scarlett Solo Analog Stereo",
                                "output:analog-stereo+input:analog-stereo",
                                1024,
                                true};
    const json j = d;
    EXPECT_EQ(j["pipewire"].dump(),
              R"({"description":"Scarlett Solo Analog Stereo","hardware_volume":"pipewire",)"
              R"("nodes":["alsa_input.usb-F-00.analog-stereo","alsa_output.usb-F-00.analog-stereo"],)"
              R"("profile":"output:analog-stereo+input:analog-stereo","quantum":1024})");
    EXPECT_EQ(j.get<DeviceRecord>(), d);
    d.pipewire->drives_volume = false;
    EXPECT_EQ(json(d)["pipewire"]["hardware_volume"], "headamp");
    EXPECT_EQ(json(d).get<DeviceRecord>(), d);
    // Under JACK2 there is no "pipewire" at all.
    EXPECT_FALSE(json(bridged_solo()).contains("pipewire"));
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

namespace {

// Two sources (one mono, one stereo) and two mixes, one routed, with every field away from its default.
State two_mixes() {
    State st;
    st.graph.sources = {{"Vox", {0, -1}, -3.5, true}, {"Keys", {2, 3}, 0.0, false}};
    headamp::core::Mix cue;
    cue.name = "cue";
    cue.slot = 1;
    cue.master_db = -6.0;
    cue.mute = true;
    cue.mono = true;
    cue.pan_law = headamp::core::PanLaw::Linear;
    cue.limiter_ceiling_db = -3.0;
    cue.eq.enabled = true;
    cue.eq.mid = {2500.0, -4.0, 1.4};
    cue.sends["Vox"] = {-12.0, -0.5, false, true};
    cue.sends["Keys"] = {2.0, 0.25, true, false};
    headamp::core::Mix main;
    main.name = "main";
    main.slot = 0;
    main.master_db = -200.0;  // below silence: shown as kSilenceDb
    st.graph.mixes = {cue, main};
    st.bindings.sources["Vox"] = {"system:capture_1"};
    st.bindings.mixes["cue"] = {"system:playback_1", "system:playback_2"};
    return st;
}

}  // namespace

TEST(GraphRecordJson, ReadsEveryFieldStateToJsonWritesAndWritesItBackTheSame) {
    const State st = two_mixes();
    const json j = state_to_json(st.graph, st.bindings);
    const GraphRecord g = j.get<GraphRecord>();
    EXPECT_EQ(json(g), j);  // nothing the status answer carries is lost or added

    ASSERT_EQ(g.sources.size(), 2u);
    EXPECT_EQ(g.sources[0], (SourceRecord{1, "Vox", false, {0}, {"system:capture_1"}, -3.5, true}));
    EXPECT_EQ(g.sources[1], (SourceRecord{2, "Keys", true, {2, 3}, {}, 0.0, false}));
    ASSERT_EQ(g.mixes.size(), 2u);
    const MixRecord& cue = g.mixes[0];
    EXPECT_EQ(cue.number, 1u);
    EXPECT_EQ(cue.name, "cue");
    EXPECT_EQ(cue.slot, 1);
    EXPECT_EQ(cue.master_db, -6.0);
    EXPECT_TRUE(cue.mute);
    EXPECT_TRUE(cue.mono);
    EXPECT_EQ(cue.pan_law, "-6dB");
    EXPECT_EQ(cue.limiter_ceiling_db, -3.0);
    EXPECT_EQ(cue.eq, (EqRecord{true, {100.0, 0.0, 0.707}, {2500.0, -4.0, 1.4}, {8000.0, 0.0, 0.707}}));
    EXPECT_EQ(cue.output, (std::array<std::string, 2>{"system:playback_1", "system:playback_2"}));
    EXPECT_EQ(cue.ports, (std::vector<std::string>{"cue_L", "cue_R"}));
    EXPECT_EQ(cue.sends,
              (std::vector<SendRecord>{{"Vox", -12.0, -0.5, false, true}, {"Keys", 2.0, 0.25, true, false}}));
    ASSERT_NE(cue.send_for("Keys"), nullptr);
    EXPECT_EQ(cue.send_for("Keys")->level_db, 2.0);
    EXPECT_EQ(cue.send_for("Bass"), nullptr);
    const MixRecord& main = g.mixes[1];
    EXPECT_EQ(main.master_db, headamp::core::kSilenceDb);
    EXPECT_FALSE(main.output.has_value());
    EXPECT_EQ(main.pan_law, "-3dB");
}

TEST(GraphRecordJson, WithoutSourcesOrMixesOrWithAWrongTypeThrows) {
    EXPECT_THROW((json{{"sources", json::array()}}.get<GraphRecord>()), json::exception);
    EXPECT_THROW((json{{"mixes", json::array()}}.get<GraphRecord>()), json::exception);
    EXPECT_THROW(
        (json{{"sources", {{{"name", "Vox"}, {"stereo", "yes"}}}}, {"mixes", json::array()}}.get<GraphRecord>()),
        json::exception);
    EXPECT_THROW((json{{"sources", json::array()}, {"mixes", {{{"name", "cue"}, {"output", {"system:playback_1"}}}}}}
                      .get<GraphRecord>()),
                 json::exception);
    const GraphRecord empty = json{{"sources", json::array()}, {"mixes", json::array()}}.get<GraphRecord>();
    EXPECT_TRUE(empty.sources.empty());
    EXPECT_TRUE(empty.mixes.empty());
}

TEST(MetersRecordJson, CarriesTheMetersEventsFieldsAndRoundTrips) {
    const MetersRecord meters{{{"Vox", {-18.5}, {-24.0}}, {"Keys", {-6.0, -7.5}, {-12.0, -13.0}}},
                              {{"cue", {-3.0, -120.0}, {-9.0, -120.0}}}};
    EXPECT_EQ(json(meters).dump(),
              R"({"event":"meters","mixes":[{"name":"cue","peak_db":[-3.0,-120.0],"rms_db":[-9.0,-120.0]}],)"
              R"("sources":[{"name":"Vox","peak_db":[-18.5],"rms_db":[-24.0]},)"
              R"({"name":"Keys","peak_db":[-6.0,-7.5],"rms_db":[-12.0,-13.0]}]})");
    EXPECT_EQ(json(meters).get<MetersRecord>(), meters);
    ASSERT_NE(meters.source("Keys"), nullptr);
    EXPECT_EQ(meters.source("Keys")->peak_db, (std::vector<double>{-6.0, -7.5}));
    EXPECT_EQ(meters.mix("cue")->rms_db, (std::vector<double>{-9.0, -120.0}));
    EXPECT_EQ(meters.source("cue"), nullptr);
    EXPECT_EQ(meters.mix("Vox"), nullptr);
    EXPECT_THROW((json{{"sources", {{{"name", "Vox"}, {"peak_db", {nullptr}}}}}}.get<MetersRecord>()), json::exception);
}

TEST(JackRecordJson, CarriesStatusJackFieldsAndReadsAJackEvent) {
    const JackRecord running{true, 3, std::string("rig"), std::string("headamp"), 48000, 128, "jack2", ""};
    EXPECT_EQ(json(running).dump(), R"({"buffer_size":128,"client":"headamp","connected":true,"sample_rate":48000,)"
                                    R"("server":"rig","stack":"jack2","stack_version":"","xruns":3})");
    EXPECT_EQ(json(running).get<JackRecord>(), running);
    const JackRecord gone{false, 3, std::nullopt, std::nullopt, 0, 0, "jack2", ""};
    EXPECT_EQ(json(gone).dump(), R"({"connected":false,"server":null,"stack":"jack2","stack_version":"","xruns":3})");
    EXPECT_EQ(json(gone).get<JackRecord>(), gone);
    json event = running;
    event["event"] = "jack";
    event["connected"] = false;
    const JackRecord heard = event.get<JackRecord>();
    EXPECT_FALSE(heard.connected);
    EXPECT_EQ(heard.sample_rate, 48000u);
    EXPECT_THROW((json{{"xruns", "many"}}.get<JackRecord>()), json::exception);
}

TEST(JackRecordJson, SaysWhichStackServesTheClient) {
    const JackRecord pipewire{true, 0, std::nullopt, std::string("headamp"), 48000, 1024, "pipewire", "0.3.65"};
    const json j = pipewire;
    EXPECT_EQ(j["stack"], "pipewire");
    EXPECT_EQ(j["stack_version"], "0.3.65");
    EXPECT_EQ(j.get<JackRecord>(), pipewire);
}
