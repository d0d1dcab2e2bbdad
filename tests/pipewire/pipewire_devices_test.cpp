// How headampd under pw-jack describes a PipeWire card (`headamp devices`: its node, profile and the
// graph's quantum) and who drives the card's hardware output volume: headamp's master in Pro Audio,
// PipeWire in a desktop profile, where headamp's master stays in software and the card is left alone.
// Two fake cards on a private PipeWire, one on each profile, their controls served by the fake ALSA ctl
// plugin (tests/alsa/fake_ctl_plugin.cpp) from the same recording.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cmath>
#include <csignal>
#include <fstream>

#include "hotplug/device_feed.hpp"
#include "pipewire_stack.hpp"
#include "programs.hpp"
#include "run_headamp.hpp"

using namespace headamp::test;

namespace {

const FakeCard kPro{7, "FakeP", 2, 2};
const FakeCard kDesktop{9, "FakeD", 2, 2, true};

// uac2_preamp.txt: Headphone Playback Volume 0..127, -63.5 dB + 0.5 dB per step; it holds 90 (-18.5 dB).
constexpr long kHeadphoneAtStart = 90;
double headphone_db(long raw) { return -63.5 + 0.5 * static_cast<double>(raw); }

headamp::hotplug::Device device_of(const FakeCard& card) {
    headamp::hotplug::Device d;
    d.vendor_id = "1234";
    d.product_id = "5678";
    d.serial = "SERIAL" + std::to_string(card.card);
    d.port_path = "1-" + std::to_string(card.card);
    d.manufacturer = "Fake";
    d.product = "Interface";
    d.card_number = card.card;
    d.card_id = card.nick;
    d.capture_channels = card.inputs;
    d.playback_channels = card.outputs;
    return d;
}

class PipeWireDevices : public ::testing::Test {
protected:
    void SetUp() override {
        stack_ = std::make_unique<PipeWireStack>("devices", std::vector<FakeCard>{kPro, kDesktop});
        const std::filesystem::path dir = stack_->dir();
        socket_ = (dir / "control").string();
        const std::string config = (dir / "headamp.conf").string(), feed = (dir / "feed").string();
        // [pipewire] profile = "keep": fake cards have no Profile to switch; the desktop one stays so.
        std::ofstream(config) << "[jack]\nconnect_physical = false\n[pipewire]\nprofile = \"keep\"\n";
        const std::string alsa = (dir / "asound.conf").string();
        std::ofstream(alsa) << "ctl_type.headamp_fake { lib \"" FAKE_CTL_PLUGIN "\" }\n"
                            << "ctl.hw { @args [ CARD ] @args.CARD { type string }\n"
                            << "  type headamp_fake file \"" ALSA_TEST_DATA "/uac2_preamp.txt\" }\n";
        ASSERT_EQ(mkfifo(feed.c_str(), 0600), 0);
        daemon_ = std::make_unique<ChildProcess>(
            std::vector<std::string>{headampd_path(), "--config", config, "--socket", socket_, "--verbose"},
            std::vector<std::string>{"HEADAMP_DEVICE_FEED=" + feed, "HEADAMP_ALSA_CONFIG=" + alsa},
            (dir / "headampd.log").string());
        std::ofstream(feed) << headamp::hotplug::feed_line("add", device_of(kPro))
                            << headamp::hotplug::feed_line("add", device_of(kDesktop));
        ASSERT_TRUE(JackHandle::wait_for(
            [&] {
                const json s = ask({{"op", "status"}});
                if (s["devices"].size() != 2) return false;
                for (const json& d : s["devices"])
                    if (!d.value("patched", false) || !d["controls"].is_number()) return false;
                return true;
            },
            15s))
            << log();
    }

    void TearDown() override {
        if (daemon_) {
            EXPECT_EQ(daemon_->stop(SIGTERM), 0) << log();
        }
    }

    json ask(const json& request) const {
        try {
            headamp::control::ControlClient client(socket_);
            return client.request(request);
        } catch (const std::exception&) {
            return json::object();
        }
    }

    json device_on(const FakeCard& card) const {
        const json status = ask({{"op", "status"}});
        for (const json& d : status["devices"])
            if (d["card"] == card.card) return d;
        return json();
    }

    long headphone_raw(const FakeCard& card) const {
        const json r = ask({{"op", "controls"}, {"device", device_on(card)["identity"]}});
        for (const json& c : r["controls"])
            if (c["name"] == "Headphone Playback Volume") return c["values"][0].get<long>();
        return -1;
    }

    std::string log() const {
        std::ifstream in(stack_->dir() / "headampd.log");
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

    std::unique_ptr<PipeWireStack> stack_;
    std::string socket_;
    std::unique_ptr<ChildProcess> daemon_;
};

}  // namespace

TEST_F(PipeWireDevices, EachCardIsDescribedByItsNodesProfileAndTheGraphsQuantum) {
    const json status = ask({{"op", "status"}});
    const unsigned quantum = status["jack"]["buffer_size"].get<unsigned>();
    ASSERT_GT(quantum, 0u);
    const json pro = device_on(kPro)["pipewire"];
    ASSERT_TRUE(pro.is_object()) << status.dump();
    EXPECT_EQ(pro["nodes"], json({PipeWireStack::node_name(kPro, true), PipeWireStack::node_name(kPro, false)}));
    EXPECT_EQ(pro["description"], "Fake Interface Pro");
    EXPECT_EQ(pro["profile"], "pro-audio");
    EXPECT_EQ(pro["quantum"], quantum);
    EXPECT_EQ(pro["hardware_volume"], "headamp");
    const json desktop = device_on(kDesktop)["pipewire"];
    ASSERT_TRUE(desktop.is_object()) << status.dump();
    EXPECT_EQ(desktop["profile"], "output:analog-stereo+input:analog-stereo");
    EXPECT_EQ(desktop["hardware_volume"], "pipewire");
    // The text says the same, where it used to say "JACK's own device".
    const Result r = run_headamp({"--socket", socket_, "devices"});
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string q = std::to_string(quantum);
    EXPECT_NE(r.out.find("PipeWire node \"Fake Interface Pro\" (profile pro-audio, quantum " + q + ")"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("PipeWire node \"Fake Interface Analog Stereo\" (profile "
                         "output:analog-stereo+input:analog-stereo, quantum " +
                         q + "; PipeWire sets its output volume)"),
              std::string::npos)
        << r.out;
    EXPECT_EQ(r.out.find("JACK's own device"), std::string::npos) << r.out;
}

TEST_F(PipeWireDevices, DesktopProfileMasterStaysInSoftwareAndLeavesTheCardsVolumeToPipeWire) {
    const std::string pro_mix = device_on(kPro)["outputs"][0].get<std::string>();
    const std::string desktop_mix = device_on(kDesktop)["outputs"][0].get<std::string>();
    // Pro Audio: the master drives the headphone volume first, as on JACK2.
    const json a = ask({{"op", "master"}, {"mix", pro_mix}, {"level_db", -20.0}});
    ASSERT_TRUE(a.value("ok", false)) << a.dump();
    ASSERT_TRUE(a.contains("master_hardware_db")) << a.dump();
    EXPECT_NEAR(a["master_hardware_db"].get<double>(), -20.0, 0.01) << a.dump();
    EXPECT_NEAR(headphone_db(headphone_raw(kPro)), -20.0, 0.01);
    // Desktop profile: the same request is software only, and the card keeps what PipeWire set.
    const json b = ask({{"op", "master"}, {"mix", desktop_mix}, {"level_db", -20.0}});
    ASSERT_TRUE(b.value("ok", false)) << b.dump();
    EXPECT_FALSE(b.contains("master_hardware_db")) << b.dump();
    EXPECT_EQ(b["master_db"], -20.0) << b.dump();
    EXPECT_EQ(headphone_raw(kDesktop), kHeadphoneAtStart);
    EXPECT_NE(log().find("PipeWire sets the output volume of card 9"), std::string::npos) << log();
    EXPECT_EQ(log().find("PipeWire sets the output volume of card 7"), std::string::npos) << log();
}
