// Devices in the control socket, on the real daemon: status and `headamp devices` list what udev
// reported, subscribers hear arrivals and departures, and DEVICE:CH1,CH2 names a device's outputs.
#include <gtest/gtest.h>

#include "hardware_fixture.hpp"
#include "run_headamp.hpp"

using namespace headamp::test;

namespace {

const json* find_device(const json& status, const std::string& card_id) {
    for (const json& d : status["devices"])
        if (d["card_id"] == card_id) return &d;
    return nullptr;
}

// The next event of `kind` on a subscribed connection, or null after `timeout`.
json next_event(RawConnection& c, const std::string& kind, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        const std::string line = c.read_line(
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
        if (line.empty()) break;
        const json e = json::parse(line);
        if (e.value("event", "") == kind) return e;
    }
    return json();
}

}  // namespace

TEST(Devices, StatusListsThePluggedInterface) {
    HardwareDaemon d("hw-devices");
    d.start();
    d.plug(solo());
    ASSERT_TRUE(d.wait_patched(1)) << d.log();
    const json s = d.status();
    const json* solo = find_device(s, "USB");
    ASSERT_NE(solo, nullptr) << s.dump(2);
    EXPECT_EQ((*solo)["identity"], "1235:8211:Y7DNRNT0A47F2C");
    EXPECT_EQ((*solo)["manufacturer"], "Focusrite");
    EXPECT_EQ((*solo)["product"], "Scarlett Solo USB");
    EXPECT_EQ((*solo)["card"], 1);
    EXPECT_EQ((*solo)["capture_channels"], 2);
    EXPECT_EQ((*solo)["playback_channels"], 2);
    EXPECT_EQ((*solo)["graph"], "bridged");
    EXPECT_EQ((*solo)["playback_ports"], json({"USB-out:playback_1", "USB-out:playback_2"}));
    EXPECT_EQ((*solo)["sources"], json({"USB-in1", "USB-in2"}));
    ASSERT_EQ((*solo)["outputs"].size(), 1u);
    // The same through the command, in JSON and in words.
    const Result j = run_headamp({"--socket", d.socket, "--json", "devices"});
    ASSERT_EQ(j.status, 0) << j.err;
    EXPECT_EQ(json::parse(j.out)["devices"][0]["identity"], "1235:8211:Y7DNRNT0A47F2C");
    const Result h = run_headamp({"--socket", d.socket, "devices"});
    ASSERT_EQ(h.status, 0) << h.err;
    EXPECT_NE(h.out.find("Focusrite Scarlett Solo USB"), std::string::npos) << h.out;
    EXPECT_NE(h.out.find("card 1, 2 in / 2 out, bridged"), std::string::npos) << h.out;
    EXPECT_NE(h.out.find("sources: USB-in1, USB-in2"), std::string::npos) << h.out;
    const Result st = run_headamp({"--socket", d.socket, "status"});
    EXPECT_NE(st.out.find("identity 1235:8211:Y7DNRNT0A47F2C"), std::string::npos) << st.out;
}

TEST(Devices, SubscribersHearArrivalAndDeparture) {
    HardwareDaemon d("hw-events");
    d.start();
    d.plug(solo());
    ASSERT_TRUE(d.wait_patched(1)) << d.log();
    RawConnection c(d.socket);
    ASSERT_TRUE(c.connected());
    ASSERT_TRUE(c.ask(R"({"id":1,"op":"subscribe"})").value("ok", false));
    d.unplug(solo());
    const json left = next_event(c, "device");
    ASSERT_FALSE(left.is_null()) << d.log();
    EXPECT_EQ(left["action"], "removed");
    EXPECT_EQ(left["device"]["identity"], "1235:8211:Y7DNRNT0A47F2C");
    EXPECT_TRUE(d.status()["devices"].empty());
    d.plug(solo(3));
    const json back = next_event(c, "device");
    ASSERT_FALSE(back.is_null()) << d.log();
    EXPECT_EQ(back["action"], "added");
    EXPECT_EQ(back["device"]["card"], 3);
    EXPECT_EQ(back["device"]["sources"], json({"USB-in1", "USB-in2"}));
    EXPECT_TRUE(back["device"]["patched"].get<bool>());
}

TEST(Devices, RouteResolvesADeviceByNameIdOrIdentity) {
    HardwareDaemon d("hw-route");
    d.start();
    d.plug(solo());
    d.plug(umc());
    ASSERT_TRUE(d.wait_patched(2)) << d.log();
    ASSERT_EQ(run_headamp({"--socket", d.socket, "mix", "add", "cue"}).status, 0);
    // Card id, case-insensitive.
    Result r = run_headamp({"--socket", d.socket, "--json", "mix", "route", "cue", "usb:2,1"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json::parse(r.out)["output"], json({"USB-out:playback_2", "USB-out:playback_1"}));
    // A unique prefix of the product name, and of the identity.
    r = run_headamp({"--socket", d.socket, "--json", "mix", "route", "cue", "umc:3,4"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json::parse(r.out)["output"], json({"U192k-out:playback_3", "U192k-out:playback_4"}));
    r = run_headamp({"--socket", d.socket, "--json", "mix", "route", "cue", "1235:82:1,2"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json::parse(r.out)["output"], json({"USB-out:playback_1", "USB-out:playback_2"}));
    const json status = d.status();
    const json cue = [&] {
        for (const json& m : status["mixes"])
            if (m["name"] == "cue") return m;
        return json();
    }();
    ASSERT_FALSE(cue.is_null()) << status.dump(1);
    EXPECT_EQ(cue["output"], json({"USB-out:playback_1", "USB-out:playback_2"}));
    // Channels the device does not have, an unknown device, and JACK clients still work as before.
    r = run_headamp({"--socket", d.socket, "mix", "route", "cue", "usb:3,4"});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("playback channels 1..2"), std::string::npos) << r.err;
    r = run_headamp({"--socket", d.socket, "mix", "route", "cue", "nosuch:1,2"});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("there is no device"), std::string::npos) << r.err;
    r = run_headamp({"--socket", d.socket, "--json", "mix", "route", "cue", "system:1,2"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json::parse(r.out)["output"], json({"system:playback_1", "system:playback_2"}));
}
