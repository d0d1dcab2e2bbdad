// The cards' ALSA controls through the real daemon, the fake ctl plugin standing in for the card:
// mirroring of outside changes, writes from `headamp control`, hardware-first gain staging, the direct
// monitor turned off while running and put back on SIGTERM, and restore on replug without phantom power.
#include <gtest/gtest.h>
#include <signal.h>

#include <cmath>

#include "hardware_fixture.hpp"
#include "run_headamp.hpp"

using namespace headamp::test;

namespace {

// uac2_preamp.txt: Headphone Playback Volume 0..127, -63.5 dB + 0.5 dB per step, 0 = mute.
double headphone_db(long raw) { return -63.5 + 0.5 * static_cast<double>(raw); }

json control_named(const json& controls, const std::string& name) {
    for (const json& c : controls)
        if (c["name"] == name) return c;
    return json();
}

json controls_of(const HardwareDaemon& d) {
    const Result r = run_headamp({"--socket", d.socket, "--json", "controls", "usb"});
    if (r.status != 0) return json();
    return json::parse(r.out)["controls"];
}

json mix_named(const json& status, const std::string& name) {
    for (const json& m : status["mixes"])
        if (m["name"] == name) return m;
    return json();
}

bool has_controls(const json& status) {
    return !status["devices"].empty() && status["devices"][0]["controls"].is_number();
}

json next_event(RawConnection& c, const std::function<bool(const json&)>& pred,
                std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        const std::string line = c.read_line(
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
        if (line.empty()) break;
        const json e = json::parse(line);
        if (pred(e)) return e;
    }
    return json();
}

class Controls : public ::testing::Test {
protected:
    void start(const std::string& name) {
        d = std::make_unique<HardwareDaemon>(name);
        d->start();
        d->plug(solo());
        ASSERT_TRUE(d->wait_patched(1)) << d->log();
        ASSERT_TRUE(d->wait_status(has_controls)) << d->log();
    }
    std::unique_ptr<HardwareDaemon> d;
};

}  // namespace

TEST_F(Controls, ListedWithKindCategoryValueAndDb) {
    start("hw-list");
    EXPECT_EQ(d->status()["devices"][0]["controls"], 8);
    const json controls = controls_of(*d);
    ASSERT_EQ(controls.size(), 8u);
    const json hp = control_named(controls, "Headphone Playback Volume");
    EXPECT_EQ(hp["kind"], "volume");
    EXPECT_EQ(hp["category"], "output");
    EXPECT_EQ(hp["values"], json({90, 90}));
    EXPECT_NEAR(hp["db"][0].get<double>(), headphone_db(90), 1e-9);
    EXPECT_EQ(control_named(controls, "48V Capture Switch")["category"], "unsafe");
    const Result text = run_headamp({"--socket", d->socket, "controls", "usb"});
    ASSERT_EQ(text.status, 0) << text.err;
    EXPECT_NE(text.out.find("Headphone Playback Volume,0"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("-18.50dB"), std::string::npos) << text.out;
    const Result one = run_headamp({"--socket", d->socket, "control", "usb", "input gain"});
    ASSERT_EQ(one.status, 0) << one.err;
    EXPECT_NE(one.out.find("Input Gain Capture Volume,0"), std::string::npos) << one.out;
    const Result bad = run_headamp({"--socket", d->socket, "control", "usb", "nosuch"});
    EXPECT_EQ(bad.status, 1);
    EXPECT_NE(bad.err.find("no control 'nosuch'"), std::string::npos) << bad.err;
}

TEST_F(Controls, ChangeMadeElsewhereIsMirroredAndAnnounced) {
    start("hw-mirror");
    RawConnection c(d->socket);
    ASSERT_TRUE(c.ask(R"({"id":1,"op":"subscribe"})").value("ok", false));
    d->external_set("Input Gain Capture Volume", 0, "33,33");
    const json e = next_event(c, [](const json& x) { return x.value("event", "") == "control"; });
    ASSERT_FALSE(e.is_null()) << d->log();
    EXPECT_EQ(e["device"], "1235:8211:Y7DNRNT0A47F2C");
    EXPECT_EQ(e["control"]["name"], "Input Gain Capture Volume");
    EXPECT_EQ(e["control"]["values"], json({33, 33}));
    EXPECT_EQ(control_named(controls_of(*d), "Input Gain Capture Volume")["values"], json({33, 33}));
    // headamp's own write is not echoed back as a change made elsewhere.
    ASSERT_EQ(run_headamp({"--socket", d->socket, "control", "usb", "Input Gain", "3dB+"}).status, 0);
    const json own = next_event(c, [](const json& x) { return x.value("event", "") == "control"; });
    ASSERT_FALSE(own.is_null());
    EXPECT_EQ(own["control"]["values"], json({36, 36}));
    const json echo = next_event(
        c, [](const json& x) { return x.value("event", "") == "control"; }, 300ms);
    EXPECT_TRUE(echo.is_null()) << echo.dump();
}

TEST_F(Controls, WritesFromTheCommandReachTheCard) {
    start("hw-write");
    Result r = run_headamp({"--socket", d->socket, "--json", "control", "usb", "Input Gain", "12dB"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(json::parse(r.out)["control"]["values"], json({12, 12}));
    r = run_headamp({"--socket", d->socket, "control", "usb", "Headphone Playback Switch", "toggle"});
    ASSERT_EQ(r.status, 0) << r.err;
    const std::vector<std::string> writes = d->card_writes();
    EXPECT_NE(std::find(writes.begin(), writes.end(), "Input Gain Capture Volume\t0\t12,12"), writes.end());
    EXPECT_NE(std::find(writes.begin(), writes.end(), "Headphone Playback Switch\t0\t0,0"), writes.end());
    r = run_headamp({"--socket", d->socket, "control", "usb", "Input Gain", "loud"});
    EXPECT_EQ(r.status, 1);
}

TEST_F(Controls, MasterDrivesTheHeadphoneVolumeFirst) {
    start("hw-staging");
    const std::string mix = d->status()["devices"][0]["outputs"][0].get<std::string>();
    double worst = 0.0;
    int steps = 0;
    for (double want = -70.0; want <= 6.0; want += 0.7, ++steps) {
        const json a = d->ask({{"op", "master"}, {"mix", mix}, {"level_db", want}});
        ASSERT_TRUE(a.value("ok", false)) << a.dump();
        const json m = mix_named(d->status(), mix);
        ASSERT_TRUE(m.contains("master_hardware_db")) << m.dump();
        const double hw = m["master_hardware_db"].is_number() ? m["master_hardware_db"].get<double>() : -INFINITY;
        const double sw = m["master_software_db"].get<double>();
        // What the card holds is what the daemon says the hardware gives.
        const json hp = control_named(controls_of(*d), "Headphone Playback Volume");
        const long raw = hp["values"][0].get<long>();
        if (raw > 0) {
            EXPECT_NEAR(headphone_db(raw), hw, 1e-9) << want;
        }
        const double total = std::isfinite(hw) ? hw + sw : -INFINITY;
        if (want >= -63.0) {
            ASSERT_TRUE(std::isfinite(total)) << want;
            worst = std::max(worst, std::fabs(total - want));
            EXPECT_NEAR(total, want, 0.1) << "want " << want << " hw " << hw << " sw " << sw;
            EXPECT_NEAR(m["master_db"].get<double>(), want, 0.1);
            if (want <= 0.0) {
                EXPECT_LE(sw, 1e-9) << want;  // the hardware takes it; software never boosts
                EXPECT_GT(sw, -0.5) << want;  // only the fraction of a hardware step
            }
        } else {
            // Below the hardware's lowest step: the hardware at its lowest, software does the rest.
            EXPECT_NEAR(hw + sw, want, 0.1) << want;
        }
    }
    std::printf("[ figure ] gain staging through headampd: %d master values -70..+6 dB, worst |hw+sw-asked| %.4f dB\n",
                steps, worst);
    // The headphone knob turned elsewhere moves the master users see.
    ASSERT_TRUE(d->ask({{"op", "master"}, {"mix", mix}, {"level_db", -20.0}}).value("ok", false));
    RawConnection c(d->socket);
    ASSERT_TRUE(c.ask(R"({"id":1,"op":"subscribe"})").value("ok", false));
    d->external_set("Headphone Playback Volume", 0, "100,100");
    const json e = next_event(c, [](const json& x) { return x.value("event", "") == "state"; });
    ASSERT_FALSE(e.is_null()) << d->log();
    EXPECT_NEAR(mix_named(e, mix)["master_db"].get<double>(), headphone_db(100), 0.01) << e.dump();
    EXPECT_NEAR(mix_named(d->status(), mix)["master_db"].get<double>(), headphone_db(100), 0.01);
}

TEST_F(Controls, ASnapshotBringsBackTheMasterThatWasHeard) {
    start("hw-snapshot");
    const std::string mix = d->status()["devices"][0]["outputs"][0].get<std::string>();
    ASSERT_TRUE(d->ask({{"op", "master"}, {"mix", mix}, {"level_db", -20.0}}).value("ok", false));
    ASSERT_TRUE(d->ask({{"op", "snapshot_save"}, {"name", "gig"}}).value("ok", false));
    ASSERT_TRUE(d->ask({{"op", "master"}, {"mix", mix}, {"level_db", -5.0}}).value("ok", false));
    const json a = d->ask({{"op", "snapshot_load"}, {"name", "gig"}});
    ASSERT_TRUE(a.value("ok", false)) << a.dump();
    // The master the musician heard when saving, made the same way: the headphone volume first.
    const json m = mix_named(d->status(), mix);
    EXPECT_NEAR(m["master_db"].get<double>(), -20.0, 0.01) << m.dump();
    EXPECT_NEAR(m["master_hardware_db"].get<double>(), -20.0, 0.01) << m.dump();
    EXPECT_NEAR(m["master_software_db"].get<double>(), 0.0, 0.01) << m.dump();
    EXPECT_EQ(control_named(controls_of(*d), "Headphone Playback Volume")["values"][0], 87);
}

TEST_F(Controls, DirectMonitorIsOffWhileRunningAndBackAfterSigterm) {
    start("hw-dm");
    EXPECT_EQ(d->status()["devices"][0]["direct_monitor"], "off");
    const json controls = controls_of(*d);
    EXPECT_EQ(control_named(controls, "Direct Monitor Playback Switch")["values"], json({0}));
    EXPECT_EQ(control_named(controls, "Sidetone Playback Volume")["values"], json({0}));
    EXPECT_EQ(d->process->stop(SIGTERM), 0);
    const std::vector<std::string> writes = d->card_writes();
    ASSERT_GE(writes.size(), 2u);
    // The last writes put back what the card had: the switch on, the sidetone at 50.
    EXPECT_NE(std::find(writes.begin(), writes.end(), "Direct Monitor Playback Switch\t0\t0"), writes.end());
    EXPECT_EQ(std::count(writes.begin(), writes.end(), "Direct Monitor Playback Switch\t0\t1"), 1);
    EXPECT_EQ(std::count(writes.begin(), writes.end(), "Sidetone Playback Volume\t0\t50"), 1);
    const auto last_dm = std::find(writes.rbegin(), writes.rend(), "Direct Monitor Playback Switch\t0\t1");
    const auto off_dm = std::find(writes.rbegin(), writes.rend(), "Direct Monitor Playback Switch\t0\t0");
    EXPECT_LT(last_dm - writes.rbegin(), off_dm - writes.rbegin()) << "put back after it was turned off";
}

TEST_F(Controls, ReplugRestoresValuesButNeverPhantomPower) {
    start("hw-replug");
    ASSERT_EQ(run_headamp({"--socket", d->socket, "control", "usb", "Input Gain", "30dB"}).status, 0);
    // The user may switch 48V on by hand; a restore never will.
    ASSERT_EQ(run_headamp({"--socket", d->socket, "control", "usb", "48V", "on"}).status, 0);
    d->unplug(solo());
    ASSERT_TRUE(d->wait_status([](const json& s) { return s["devices"].empty(); })) << d->log();
    const std::size_t before_replug = d->card_writes().size();
    d->plug(solo(4));  // another card number, same identity
    ASSERT_TRUE(d->wait_patched(1)) << d->log();
    ASSERT_TRUE(d->wait_status(has_controls)) << d->log();
    const json controls = controls_of(*d);
    EXPECT_EQ(control_named(controls, "Input Gain Capture Volume")["values"], json({30, 30}));
    EXPECT_EQ(control_named(controls, "48V Capture Switch")["values"], json({0, 0})) << "phantom power restored";
    const std::vector<std::string> writes = d->card_writes();
    for (std::size_t i = before_replug; i < writes.size(); ++i) {
        EXPECT_EQ(writes[i].find("48V"), std::string::npos) << writes[i];
        EXPECT_EQ(writes[i].find("Pad"), std::string::npos) << writes[i];
        EXPECT_EQ(writes[i].find("Air"), std::string::npos) << writes[i];
    }
    EXPECT_NE(std::find(writes.begin() + static_cast<long>(before_replug), writes.end(),
                        "Input Gain Capture Volume\t0\t30,30"),
              writes.end());
    // The profile keeps the 48V value for display, with the direct monitor as the user had it.
    std::ifstream in(d->state_home + "/headamp/devices/1235:8211:Y7DNRNT0A47F2C.json");
    const json profile = json::parse(in);
    const json saved = control_named(profile["hardware"]["controls"], "48V Capture Switch");
    EXPECT_EQ(saved["values"], json({true, true}));
    EXPECT_EQ(control_named(profile["hardware"]["controls"], "Direct Monitor Playback Switch")["values"], json({true}));
}

TEST_F(Controls, ACardThatVanishesIsAQuietUnplug) {
    start("hw-vanish");
    RawConnection c(d->socket);
    ASSERT_TRUE(c.ask(R"({"id":1,"op":"subscribe"})").value("ok", false));
    d->card_gone();  // -ENODEV and POLLERR from the card before udev says anything
    ASSERT_TRUE(d->wait_status([](const json& s) { return s["devices"][0]["controls"].is_null(); })) << d->log();
    EXPECT_TRUE(d->process->running());
    const Result r = run_headamp({"--socket", d->socket, "controls", "usb"});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("no hardware controls"), std::string::npos) << r.err;
    // The mix on the device still answers, in software only now.
    const std::string mix = d->status()["devices"][0]["outputs"][0].get<std::string>();
    const json a = d->ask({{"op", "master"}, {"mix", mix}, {"level_db", -12.0}});
    ASSERT_TRUE(a.value("ok", false)) << a.dump();
    EXPECT_EQ(a["master_db"], -12.0);
    EXPECT_FALSE(a.contains("master_hardware_db"));
    d->unplug(solo());
    ASSERT_TRUE(d->wait_status([](const json& s) { return s["devices"].empty(); })) << d->log();
    EXPECT_EQ(d->process->stop(SIGTERM), 0);
}
