// A refused request changes nothing: for every operation of the protocol, refused variants against the real
// daemon with a plugged interface, each checked against the state users see (status: sources, mixes with
// their masters as heard, devices), the snapshot files, and the card's controls, of which not one is written.
#include <gtest/gtest.h>

#include <fstream>

#include "hardware_fixture.hpp"

using namespace headamp::test;

namespace {

// uac2_preamp.txt: Headphone Playback Volume 0..127, -63.5 dB + 0.5 dB per step, 0 = mute.
constexpr long kRawAtMinus20Db = 87;

class Refusals : public ::testing::Test {
protected:
    void SetUp() override {
        d = std::make_unique<HardwareDaemon>("hw-refusals");
        d->start();
        d->plug(solo());
        ASSERT_TRUE(d->wait_patched(1)) << d->log();
        ASSERT_TRUE(d->wait_status([](const json& s) { return s["devices"][0]["controls"].is_number(); })) << d->log();
        mix = d->status()["devices"][0]["outputs"][0].get<std::string>();
        // The master sits on the headphone volume first: -20 dB is raw 87 with no software part.
        ASSERT_TRUE(d->ask({{"op", "master"}, {"mix", mix}, {"level_db", -20.0}}).value("ok", false));
        ASSERT_TRUE(d->ask({{"op", "snapshot_save"}, {"name", "gig"}}).value("ok", false));
    }

    // Everything a refused request must leave as it was. A bridge's state, sync losses and ratio are what
    // its process measures as it runs (seen moving from starting to locked at ratio 1.0 between two reads
    // in a slow ASan build); its restarts stay, since a refusal must not restart it.
    json everything() const {
        json s = d->status();
        for (json& device : s["devices"])
            for (json& bridge : device["bridges"])
                for (const char* live : {"state", "sync_losses", "ratio"}) bridge.erase(live);
        const json listing = d->ask({{"op", "snapshot_list"}});
        const json controls = d->ask({{"op", "controls"}, {"device", "usb"}});
        return {{"sources", s["sources"]},          {"mixes", s["mixes"]},
                {"devices", s["devices"]},          {"snapshots", listing["snapshots"]},
                {"controls", controls["controls"]}, {"card_writes", d->card_writes().size()}};
    }

    std::string snapshot_dir() const { return d->ask({{"op", "snapshot_list"}})["dir"].get<std::string>(); }

    json headphone_volume() const {
        const json a = d->ask({{"op", "controls"}, {"device", "usb"}});
        for (const json& c : a.value("controls", json::array()))
            if (c["name"] == "Headphone Playback Volume") return c["values"];
        return a;
    }

    std::unique_ptr<HardwareDaemon> d;
    std::string mix;
};

struct Refused {
    json request;
    std::string words;  // the error says this
};

}  // namespace

TEST_F(Refusals, EveryOperationRefusedChangesNeitherStateNorHardware) {
    // A snapshot file that is JSON but not a state headamp can load (a master far above the maximum).
    std::ofstream(snapshot_dir() + "/loud.json")
        << R"({"format":"headamp-snapshot-1","sources":[],"mixes":[{"name":"m","slot":0,"master_db":90}]})";
    std::ofstream(snapshot_dir() + "/torn.json") << R"({"format":"headamp-snapshot-1","mix)";
    ASSERT_EQ(headphone_volume(), json({kRawAtMinus20Db, kRawAtMinus20Db}));
    const std::vector<Refused> cases = {
        {{{"op", "status"}, {"verbose", true}}, "unknown field 'verbose'"},
        {{{"op", "meters"}, {"mix", mix}}, "unknown field 'mix'"},
        {{{"op", "set"}, {"mix", mix}, {"source", "nosuch"}, {"level_db", -6.0}}, "no source 'nosuch'"},
        {{{"op", "set"}, {"mix", mix}, {"source", "1"}, {"level_db", -6.0}, {"level_step_db", 3.0}}, "not both"},
        // The pan law is wrong: the level that comes with it must not reach the headphone volume either.
        {{{"op", "master"}, {"mix", mix}, {"level_db", -40.0}, {"pan_law", "-4.5dB"}}, "pan law '-4.5dB'"},
        {{{"op", "master"}, {"mix", mix}, {"level_step_db", -6.0}, {"pan_law", "loud"}}, "pan law 'loud'"},
        {{{"op", "master"}, {"mix", mix}, {"level_db", 25.0}}, "between"},
        {{{"op", "link"}, {"source", "2"}}, ""},
        {{{"op", "unlink"}, {"source", "1"}}, ""},
        {{{"op", "mix_add"}, {"name", "cue"}, {"output", "usb:3,4"}}, ""},
        {{{"op", "mix_add"}, {"name", "two words"}}, ""},
        {{{"op", "mix_remove"}, {"mix", "nosuch"}}, "no mix 'nosuch'"},
        {{{"op", "mix_route"}, {"mix", mix}, {"output", "usb:3,4"}}, ""},
        {{{"op", "eq"}, {"mix", mix}, {"band", "ultra"}, {"gain_db", 3.0}}, "EQ band 'ultra'"},
        {{{"op", "eq"}, {"mix", mix}, {"enabled", true}, {"band", "low"}, {"q", 50.0}}, "between"},
        {{{"op", "limit"}, {"mix", mix}, {"ceiling_db", 3.0}}, "between"},
        {{{"op", "snapshot_save"}, {"name", "../outside"}}, "not valid"},
        {{{"op", "snapshot_load"}, {"name", "loud"}}, "snapshot 'loud'"},
        {{{"op", "snapshot_load"}, {"name", "torn"}}, "not valid JSON"},
        {{{"op", "snapshot_load"}, {"name", "never-saved"}}, "no snapshot 'never-saved'"},
        {{{"op", "snapshot_list"}, {"name", "gig"}}, "unknown field 'name'"},
        {{{"op", "subscribe"}, {"meters_hz", 1000}}, "between"},
        {{{"op", "unsubscribe"}, {"meters_hz", 0}}, "unknown field 'meters_hz'"},
        {{{"op", "controls"}, {"device", "nosuch"}}, "no device 'nosuch'"},
        {{{"op", "control"}, {"device", "usb"}, {"name", "Headphone Playback Volume"}, {"value", "loud"}}, ""},
        // An index too large for any number type is the user's mistake, said as such.
        {{{"op", "control"},
          {"device", "usb"},
          {"name", "Headphone Playback Volume,99999999999999999999"},
          {"value", "10"}},
         "index 99999999999999999999"},
        // Bytes above 0x7f (here UTF-8 for "é") in the index are not digits.
        {{{"op", "control"}, {"device", "usb"}, {"name", "Headphone Playback Volume,\xc3\xa9"}, {"value", "10"}},
         "no control"},
        {{{"op", "control"}, {"device", "usb"}, {"name", "Nosuch"}, {"value", "1"}}, "no control 'Nosuch'"},
    };
    for (const Refused& c : cases) {
        const json before = everything();
        const json a = d->ask(c.request);
        ASSERT_TRUE(a.contains("error")) << c.request.dump() << " -> " << a.dump();
        EXPECT_FALSE(a.contains("ok")) << c.request.dump();
        EXPECT_EQ(a["error"].get<std::string>().find("internal error"), std::string::npos) << a.dump();
        EXPECT_NE(a["error"].get<std::string>().find(c.words), std::string::npos)
            << c.request.dump() << " -> " << a.dump();
        EXPECT_EQ(json::diff(before, everything()), json::array()) << "changed by " << c.request.dump();
    }
    EXPECT_EQ(headphone_volume(), json({kRawAtMinus20Db, kRawAtMinus20Db}));
    EXPECT_TRUE(d->process->running());
}
