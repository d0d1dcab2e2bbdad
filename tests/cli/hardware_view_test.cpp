// The mixer screen's hardware view rules on the daemon's records, without a daemon or a terminal: what
// each key asks of a control, how a value reads, which device a mix or source opens, and how the
// devices present follow device events.
#include <gtest/gtest.h>

#include "cli/tui/hardware_view.hpp"
#include "cli/tui/model.hpp"
#include "control/records_json.hpp"

using namespace headamp::cli::tui;
using headamp::control::ControlRecord;
using headamp::control::DeviceRecord;
using headamp::control::MixRecord;
using nlohmann::json;

namespace {

// device_for with the mix as status shows it, read from the socket's JSON (null: no mix).
const DeviceRecord* device_for_mix(const std::vector<DeviceRecord>& devices, const json& mix,
                                   const std::string& source) {
    if (mix.is_null()) return device_for(devices, nullptr, source);
    const auto record = mix.get<MixRecord>();
    return device_for(devices, &record, source);
}

// As the daemon sends them: read from the socket's JSON.
std::vector<ControlRecord> solo_controls() {
    return json::parse(R"([
        {"name":"Headphone Playback Volume","index":0,"kind":"volume","category":"output","channels":2,
         "writable":true,"values":[0,100],"value":"mute","min":0,"max":127,"db":[null,-18.46],"db_min":-127.0,
         "db_max":0.0},
        {"name":"Headphone Playback Switch","index":0,"kind":"switch","category":"output","channels":1,
         "writable":true,"values":[1],"value":"on"},
        {"name":"Line Playback Volume","index":0,"kind":"volume","category":"output","channels":1,
         "writable":true,"values":[127],"value":"100%","min":0,"max":127},
        {"name":"Phantom Power Switch","index":0,"kind":"switch","category":"unsafe","channels":1,
         "writable":true,"values":[0],"value":"off"},
        {"name":"Clock Source","index":1,"kind":"enumeration","category":"other","channels":1,"writable":true,
         "values":[0],"value":"Internal","items":["Internal","SPDIF"]},
        {"name":"Sync Status","index":0,"kind":"switch","category":"other","channels":1,"writable":false,
         "values":[1],"value":"on"}
    ])")
        .get<std::vector<ControlRecord>>();
}

DeviceRecord device(const std::string& identity, const std::vector<std::string>& sources,
                    const std::vector<std::string>& outputs, const std::vector<std::string>& playback) {
    DeviceRecord d;
    d.identity = identity;
    d.card_id = "USB";
    d.manufacturer = "Focusrite";
    d.product = "Scarlett Solo USB";
    d.sources = sources;
    d.outputs = outputs;
    d.playback_ports = playback;
    return d;
}

}  // namespace

TEST(HardwareView, KeysAskAmixerValuesOfEachKindOfControl) {
    const std::vector<ControlRecord> c = solo_controls();
    EXPECT_EQ(change_for(Command::Up, c, 0)->value, "1dB+");
    EXPECT_EQ(change_for(Command::PageDown, c, 0)->value, "5dB-");
    EXPECT_EQ(change_for(Command::Up, c, 2)->value, "1+") << "a volume without dB steps raw";
    EXPECT_EQ(change_for(Command::PageUp, c, 2)->value, "5%+");
    EXPECT_EQ(change_for(Command::Percent70, c, 2)->value, "70%");
    // M on a volume toggles its switch, as alsamixer does; it is on, so it will be off.
    const auto mute = change_for(Command::Mute, c, 0);
    ASSERT_TRUE(mute);
    EXPECT_EQ(mute->name, "Headphone Playback Switch,0");
    EXPECT_EQ(mute->value, "toggle");
    EXPECT_EQ(mute->shown, "off");
    EXPECT_FALSE(change_for(Command::Mute, c, 2)) << "Line has no switch";
    const auto phantom = change_for(Command::Enter, c, 3);
    ASSERT_TRUE(phantom);
    EXPECT_TRUE(phantom->unsafe);
    EXPECT_EQ(phantom->shown, "on");
    const auto clock = change_for(Command::Up, c, 4);
    ASSERT_TRUE(clock);
    EXPECT_EQ(clock->name, "Clock Source,1");
    EXPECT_EQ(clock->value, "1");
    EXPECT_EQ(clock->shown, "SPDIF");
    EXPECT_FALSE(change_for(Command::Down, c, 4)) << "already the first item";
    EXPECT_FALSE(change_for(Command::Toggle, c, 5)) << "read-only";
    EXPECT_FALSE(change_for(Command::Up, c, 6)) << "nothing selected";
}

TEST(HardwareView, ValuesReadAsTheColumnsShowThem) {
    const std::vector<ControlRecord> c = solo_controls();
    EXPECT_EQ(value_text(c[0], 0), "mute");
    EXPECT_EQ(value_text(c[0], 1), "-18.5");
    EXPECT_EQ(value_text(c[0], 2), "-");
    EXPECT_EQ(value_text(c[1]), "on");
    EXPECT_EQ(value_text(c[2]), "100%");
    EXPECT_EQ(value_text(c[4]), "Internal");
    EXPECT_EQ(short_name(c[0]), "Headphone");
    EXPECT_EQ(short_name(c[4]), "Clock Source 1");
}

TEST(HardwareView, AControlEventReplacesTheOneShownOnlyForItsDevice) {
    HardwareControls hw;
    hw.open(device("1235:8211:S1", {}, {}, {}));
    EXPECT_EQ(hw.card, "USB (Focusrite Scarlett Solo USB)");
    hw.take_list(solo_controls());
    EXPECT_EQ(hw.problem, "");
    ControlRecord louder = solo_controls()[2];
    louder.values = {64};
    EXPECT_FALSE(hw.take_control("1235:8211:S2", louder));
    EXPECT_EQ(hw.controls[2].values, std::vector<long>{127});
    EXPECT_TRUE(hw.take_control("1235:8211:S1", louder));
    EXPECT_EQ(hw.controls[2].values, std::vector<long>{64});
    ControlRecord unknown = louder;
    unknown.index = 3;
    EXPECT_FALSE(hw.take_control("1235:8211:S1", unknown));
}

TEST(HardwareView, TheDeviceOpenedIsTheMixsOutputElseTheSourcesDevice) {
    const std::vector<DeviceRecord> devices = {
        device("A", {"Solo 1"}, {"Solo"}, {"Solo-out:playback_1", "Solo-out:playback_2"}),
        device("B", {"Mic"}, {}, {"B-out:playback_1", "B-out:playback_2"})};
    EXPECT_EQ(device_for_mix(devices, json{{"name", "Solo"}}, "")->identity, "A");
    EXPECT_EQ(device_for_mix(devices, json{{"name", "cue"}, {"output", {"B-out:playback_1", "B-out:playback_2"}}}, "")
                  ->identity,
              "B");
    EXPECT_EQ(
        device_for_mix(devices, json{{"name", "cue"}, {"output", {"system:playback_1", "system:playback_2"}}}, "Mic")
            ->identity,
        "B");
    EXPECT_EQ(device_for_mix(devices, json(), "Solo 1")->identity, "A");
    EXPECT_EQ(device_for_mix(devices, json{{"name", "cue"}}, "Keys"), nullptr);
}

TEST(HardwareView, DevicesFollowDeviceEventsAndTheViewLetsGoOfOneThatLeft) {
    Model m;
    const DeviceRecord a = device("A", {}, {}, {});
    m.apply_device("added", a);
    m.apply_device("added", device("B", {}, {}, {}));
    DeviceRecord again = a;
    again.patched = true;
    m.apply_device("added", again);
    ASSERT_EQ(m.devices.size(), 2u) << "a device reported again replaces its entry";
    EXPECT_EQ(m.devices[1], again);
    m.hardware.open(a);
    m.hardware.take_list(solo_controls());
    m.apply_device("removed", a);
    ASSERT_EQ(m.devices.size(), 1u);
    EXPECT_EQ(m.devices[0].identity, "B");
    EXPECT_TRUE(m.hardware.controls.empty());
    EXPECT_NE(m.hardware.problem.find("went away"), std::string::npos);
}
