// The pure patching logic: a device in, its profile read back and restored, the device out again.
#include <gtest/gtest.h>

#include <algorithm>

#include "devices/device_patch.hpp"

using namespace headamp;
using namespace headamp::devices;

namespace {

DevicePorts solo(const std::string& client = "Solo") {
    return {"Solo",
            {client + "-in:capture_1", client + "-in:capture_2"},
            {client + "-out:playback_1", client + "-out:playback_2"}};
}

DevicePorts umc404() {
    return {"U404",
            {"U404-in:capture_1", "U404-in:capture_2", "U404-in:capture_3", "U404-in:capture_4"},
            {"U404-out:playback_1", "U404-out:playback_2", "U404-out:playback_3", "U404-out:playback_4"}};
}

core::Mix named_mix(const std::string& name, int slot) {
    core::Mix m;
    m.name = name;
    m.slot = slot;
    return m;
}

core::Source named_source(const std::string& name, int a, int b = -1) {
    core::Source s;
    s.name = name;
    s.channels = {a, b};
    return s;
}

core::Send send(double level_db, double pan) {
    core::Send s;
    s.level_db = level_db;
    s.pan = pan;
    return s;
}

const core::Source* source(const Patch& p, const std::string& name) {
    for (const auto& s : p.graph.sources)
        if (s.name == name) return &s;
    return nullptr;
}

core::Mix* mix(Patch& p, const std::string& name) {
    for (auto& m : p.graph.mixes)
        if (m.name == name) return &m;
    return nullptr;
}

}  // namespace

TEST(DevicePatch, EveryCaptureChannelBecomesAMonoCentredSourceAndANewMixGoesToTheFirstPair) {
    Patch p;
    const Added added = add_device(p, umc404(), std::nullopt);
    ASSERT_EQ(p.graph.sources.size(), 4u);
    for (int i = 0; i < 4; ++i) {
        const core::Source* s = source(p, "U404-in" + std::to_string(i + 1));
        ASSERT_NE(s, nullptr);
        EXPECT_FALSE(s->stereo());
        EXPECT_EQ(p.bindings.sources.at(s->name),
                  std::vector<std::string>{umc404().capture[static_cast<std::size_t>(i)]});
    }
    ASSERT_EQ(p.graph.mixes.size(), 1u);
    EXPECT_EQ(p.graph.mixes[0].name, "U404-mix");
    EXPECT_EQ(p.graph.mixes[0].send_for("U404-in1"), core::Send{});  // centred, 0 dB
    EXPECT_EQ(p.bindings.mixes.at("U404-mix"),
              (std::array<std::string, 2>{"U404-out:playback_1", "U404-out:playback_2"}));
    EXPECT_EQ(added.created_mixes, std::vector<std::string>{"U404-mix"});
    EXPECT_FALSE(core::validate(p.graph));
}

TEST(DevicePatch, TheFirstMixWithoutAnOutputIsRoutedToTheDevice) {
    Patch p;
    p.graph.mixes = {named_mix("drums", 0), named_mix("bass", 1)};
    p.bindings.mixes["drums"] = {"system:playback_1", "system:playback_2"};
    const Added added = add_device(p, solo(), std::nullopt);
    EXPECT_TRUE(added.created_mixes.empty());
    EXPECT_EQ(p.bindings.mixes.at("bass"), (std::array<std::string, 2>{"Solo-out:playback_1", "Solo-out:playback_2"}));
    EXPECT_EQ(p.bindings.mixes.at("drums")[0], "system:playback_1");
}

TEST(DevicePatch, ChannelSlotsAndNamesNeverCollideWithWhatIsThere) {
    Patch p;
    core::Source vox = named_source("Solo-in1", 0);
    p.graph.sources.push_back(vox);
    p.bindings.sources["Solo-in1"] = {"feeder:mono"};
    add_device(p, solo(), std::nullopt);
    EXPECT_NE(source(p, "Solo-in1-2"), nullptr);
    EXPECT_EQ(source(p, "Solo-in1-2")->channels[0], 1);
    EXPECT_EQ(source(p, "Solo-in2")->channels[0], 2);
    EXPECT_FALSE(core::validate(p.graph));
}

TEST(DevicePatch, TwoDevicesThenOneLeavesAndOnlyItsPartGoes) {
    Patch p;
    const Added a = add_device(p, solo(), std::nullopt);
    const Added b = add_device(p, umc404(), std::nullopt);
    ASSERT_EQ(p.graph.mixes.size(), 2u);
    mix(p, "Solo-mix")->sends["U404-in1"].level_db = -6;  // the Solo's musician hears the U404's input 1
    remove_device(p, umc404(), b.created_mixes);
    EXPECT_EQ(p.graph.sources.size(), 2u);
    EXPECT_EQ(mix(p, "U404-mix"), nullptr);
    EXPECT_EQ(p.bindings.mixes.count("U404-mix"), 0u);
    EXPECT_EQ(mix(p, "Solo-mix")->sends.count("U404-in1"), 0u);
    EXPECT_EQ(p.bindings.sources.size(), 2u);
    EXPECT_EQ(p.bindings.mixes.count("Solo-mix"), 1u);
    remove_device(p, solo(), a.created_mixes);
    EXPECT_TRUE(p.graph.sources.empty());
    EXPECT_TRUE(p.graph.mixes.empty());
    EXPECT_TRUE(p.bindings.sources.empty() && p.bindings.mixes.empty());
}

TEST(DevicePatch, AMixThatWasThereBeforeStaysButLosesItsOutput) {
    Patch p;
    p.graph.mixes = {named_mix("cue", 0)};
    const Added a = add_device(p, solo(), std::nullopt);
    remove_device(p, solo(), a.created_mixes);
    ASSERT_EQ(p.graph.mixes.size(), 1u);
    EXPECT_EQ(p.bindings.mixes.count("cue"), 0u);
}

TEST(DevicePatch, WhatTheUserChangedIsRestoredUnderOtherPortNames) {
    Patch p;
    p.graph.mixes = {named_mix("cue", 0)};
    const Added a = add_device(p, umc404(), std::nullopt);
    // The user links inputs 3+4 as "keys", trims input 1, turns "cue" down, moves it to the second
    // headphone pair and pans input 2 left in it.
    std::erase_if(p.graph.sources, [](const core::Source& s) { return s.name == "U404-in3" || s.name == "U404-in4"; });
    p.bindings.sources.erase("U404-in3");
    p.bindings.sources.erase("U404-in4");
    p.graph.sources.push_back(named_source("keys", 7, 8));
    p.bindings.sources["keys"] = {"U404-in:capture_3", "U404-in:capture_4"};
    for (auto& s : p.graph.sources)
        if (s.name == "U404-in1") s.trim_db = 6;
    mix(p, "cue")->master_db = -10;
    mix(p, "cue")->sends["U404-in2"] = send(-3, -0.5);
    p.bindings.mixes["cue"] = {"U404-out:playback_3", "U404-out:playback_4"};
    ASSERT_FALSE(core::validate(p.graph));
    const DeviceProfile profile = extract_profile(p, umc404());
    remove_device(p, umc404(), a.created_mixes);
    EXPECT_EQ(p.graph.mixes.size(), 1u);
    EXPECT_TRUE(p.graph.sources.empty());

    // Back on another card: other port names, same channels.
    DevicePorts again = umc404();
    for (auto& port : again.capture) port.replace(0, 4, "U404_1");
    for (auto& port : again.playback) port.replace(0, 4, "U404_1");
    Patch fresh;  // and in a daemon that was restarted meanwhile
    add_device(fresh, again, profile);
    ASSERT_FALSE(core::validate(fresh.graph));
    ASSERT_NE(source(fresh, "keys"), nullptr);
    EXPECT_TRUE(source(fresh, "keys")->stereo());
    EXPECT_EQ(fresh.bindings.sources.at("keys"),
              (std::vector<std::string>{"U404_1-in:capture_3", "U404_1-in:capture_4"}));
    EXPECT_EQ(source(fresh, "U404-in1")->trim_db, 6);
    ASSERT_NE(mix(fresh, "cue"), nullptr);
    EXPECT_EQ(mix(fresh, "cue")->master_db, -10);
    EXPECT_EQ(mix(fresh, "cue")->send_for("U404-in2"), (send(-3, -0.5)));
    EXPECT_EQ(fresh.bindings.mixes.at("cue"),
              (std::array<std::string, 2>{"U404_1-out:playback_3", "U404_1-out:playback_4"}));
    EXPECT_EQ(fresh.graph.sources.size(), 3u);
    EXPECT_EQ(extract_profile(fresh, again), profile);
}

// An interface seen for a while with fewer channels (a PipeWire profile with two of its four inputs and
// one of its two headphone pairs) keeps what the user made of the others, which come back with them.
TEST(DevicePatch, ChannelsNotShownForAWhileKeepTheirSettings) {
    Patch p;
    add_device(p, umc404(), std::nullopt);
    std::erase_if(p.graph.sources, [](const core::Source& s) { return s.name == "U404-in3" || s.name == "U404-in4"; });
    p.bindings.sources.erase("U404-in3");
    p.bindings.sources.erase("U404-in4");
    p.graph.sources.push_back(named_source("keys", 7, 8));
    p.bindings.sources["keys"] = {"U404-in:capture_3", "U404-in:capture_4"};
    mix(p, "U404-mix")->sends["keys"] = send(-9, 0.25);
    p.graph.mixes.push_back(named_mix("drums", 1));
    mix(p, "drums")->master_db = -4;
    p.bindings.mixes["drums"] = {"U404-out:playback_3", "U404-out:playback_4"};
    ASSERT_FALSE(core::validate(p.graph));
    const DeviceProfile full = extract_profile(p, umc404());

    DevicePorts fewer = umc404();
    fewer.capture.resize(2);
    fewer.playback.resize(2);
    Patch seen;
    add_device(seen, fewer, full);
    EXPECT_EQ(source(seen, "keys"), nullptr);
    EXPECT_EQ(mix(seen, "drums"), nullptr);
    const DeviceProfile kept = keep_unseen(extract_profile(seen, fewer), full, fewer);
    EXPECT_EQ(keep_unseen(extract_profile(seen, fewer), DeviceProfile{}, fewer), extract_profile(seen, fewer))
        << "nothing saved before, nothing added";

    Patch back;
    add_device(back, umc404(), kept);
    ASSERT_FALSE(core::validate(back.graph));
    ASSERT_NE(source(back, "keys"), nullptr);
    EXPECT_TRUE(source(back, "keys")->stereo());
    EXPECT_EQ(mix(back, "U404-mix")->send_for("keys"), send(-9, 0.25));
    ASSERT_NE(mix(back, "drums"), nullptr);
    EXPECT_EQ(mix(back, "drums")->master_db, -4);
    EXPECT_EQ(back.bindings.mixes.at("drums")[0], "U404-out:playback_3");
    EXPECT_EQ(extract_profile(back, umc404()), full);
}

TEST(DevicePatch, AProfileThatDoesNotFitTheDeviceIsTakenAsFarAsItFits) {
    DeviceProfile profile;
    profile.sources = {{"ghost", {5}, 0, false}, {"pair", {0, 0}, 0, false}, {"ok", {1}, 3, true}};
    profile.outputs = {{7, named_mix("far", -1)}};
    Patch p;
    add_device(p, solo(), profile);
    EXPECT_EQ(source(p, "ghost"), nullptr);
    EXPECT_EQ(source(p, "pair"), nullptr);
    ASSERT_NE(source(p, "ok"), nullptr);
    EXPECT_TRUE(source(p, "ok")->invert);
    EXPECT_NE(source(p, "Solo-in1"), nullptr);  // channel 1 not covered: default mono source
    EXPECT_EQ(mix(p, "far"), nullptr);
    EXPECT_NE(mix(p, "Solo-mix"), nullptr);
    EXPECT_FALSE(core::validate(p.graph));
}

TEST(DevicePatch, ACaptureOnlyOrPlaybackOnlyDevice) {
    Patch p;
    add_device(p, DevicePorts{"Mic", {"Mic-in:capture_1"}, {}}, std::nullopt);
    EXPECT_EQ(p.graph.sources.size(), 1u);
    EXPECT_TRUE(p.graph.mixes.empty());
    add_device(p, DevicePorts{"QEMU", {}, {"QEMU-out:playback_1", "QEMU-out:playback_2"}}, std::nullopt);
    EXPECT_EQ(p.graph.mixes.size(), 1u);
    EXPECT_EQ(p.bindings.mixes.at("QEMU-mix")[1], "QEMU-out:playback_2");
}

TEST(DevicePatch, UserNamesAreKeptWhenJacksOwnDeviceIsRepatched) {
    Patch p;
    p.graph.sources = {named_source("vox", 0, -1), named_source("in2", 1, -1)};
    p.bindings.sources = {{"vox", {"system:capture_1"}}, {"in2", {"system:capture_2"}}};
    const DevicePorts sys{"USB", {"system:capture_1", "system:capture_2"}, {"system:playback_1", "system:playback_2"}};
    remove_device(p, sys, {}, {"vox"});
    ASSERT_EQ(p.graph.sources.size(), 1u);
    add_device(p, sys, std::nullopt);
    EXPECT_EQ(p.graph.sources.size(), 2u);  // vox kept, in2 replaced by USB-in2, no second source on capture_1
    EXPECT_NE(source(p, "USB-in2"), nullptr);
    EXPECT_EQ(source(p, "USB-in1"), nullptr);
}
