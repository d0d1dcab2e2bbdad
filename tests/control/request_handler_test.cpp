// RequestHandler against fakes of its parts (graph store, hardware mixer, device directory, event sink):
// what an answer says, what it changes, and that a refused request changes nothing, without a jackd.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "control/records_json.hpp"
#include "control/request_handler.hpp"

using namespace headamp;
using namespace headamp::control;
using nlohmann::json;

namespace {

class FakeStore final : public GraphStore {
public:
    core::Graph graph_;
    jack::PortBindings bindings_;
    std::optional<std::string> refuse;  // set_graph answers this error and changes nothing
    int set_graph_calls = 0;
    std::map<std::string, std::vector<std::string>> clients;  // JACK client -> its input ports

    const core::Graph& graph() const override { return graph_; }
    const jack::PortBindings& bindings() const override { return bindings_; }
    std::optional<std::string> set_graph(const core::Graph& graph) override {
        ++set_graph_calls;
        if (refuse) return refuse;
        graph_ = graph;
        return std::nullopt;
    }
    void set_bindings(const jack::PortBindings& bindings) override { bindings_ = bindings; }
    JackInfo jack() const override {
        JackInfo info;
        info.connected = true;
        info.xruns = 3;
        info.client = "headamp";
        info.sample_rate = 48000;
        info.buffer_size = 128;
        return info;
    }
    std::vector<std::string> playback_ports(const std::string& client) const override {
        const auto it = clients.find(client);
        return it == clients.end() ? std::vector<std::string>{} : it->second;
    }
};

// One card with a volume and a phantom power switch, and a headphone volume (raw 0..70 = -70..0 dB)
// under the mix "cue".
class FakeMixer final : public HardwareMixer {
public:
    std::map<std::string, std::vector<ControlRecord>> cards;  // by identity
    bool refuse_controls = false;
    std::map<std::string, std::vector<long>> master_volume;  // by mix
    bool refuse_master = false;
    std::vector<std::pair<std::string, std::vector<long>>> master_writes;

    std::vector<ControlRecord> list(const std::string& identity) const override { return card(identity); }
    ControlRecord control(const std::string& identity, const std::string& name,
                          const std::optional<std::string>& value) override {
        std::vector<ControlRecord>& controls = card(identity);
        const auto it =
            std::find_if(controls.begin(), controls.end(), [&](const ControlRecord& c) { return c.name == name; });
        if (it == controls.end()) throw RequestError("device " + identity + " has no control '" + name + "'");
        if (value) {
            if (refuse_controls) throw RequestError("the card refused the value for '" + name + "'");
            it->values.assign(it->values.size(), std::stol(*value));
            it->value = *value;
        }
        return *it;
    }
    std::optional<double> master_hardware_db(const std::string& mix) const override {
        const auto it = master_volume.find(mix);
        if (it == master_volume.end()) return std::nullopt;
        return static_cast<double>(it->second.front() - 70);
    }
    std::optional<MasterWrite> stage_master(const std::string& mix, double master_db) const override {
        const auto it = master_volume.find(mix);
        if (it == master_volume.end()) return std::nullopt;
        const double hw_db = std::clamp(master_db, -70.0, 0.0);
        return MasterWrite{mix, std::vector<long>(it->second.size(), static_cast<long>(hw_db) + 70), it->second,
                           master_db - hw_db};
    }
    bool set_master_hardware(const std::string& mix, const std::vector<long>& values) override {
        master_writes.emplace_back(mix, values);
        if (refuse_master) return false;
        master_volume[mix] = values;
        return true;
    }

private:
    std::vector<ControlRecord>& card(const std::string& identity) const {
        const auto it = cards.find(identity);
        if (it == cards.end()) throw RequestError("device " + identity + " has no hardware controls");
        return const_cast<std::vector<ControlRecord>&>(it->second);
    }
};

class FakeDevices final : public DeviceDirectory {
public:
    std::vector<DeviceRecord> devices;
    std::vector<DeviceRecord> present() const override { return devices; }
};

class RecordingEvents final : public EventSink {
public:
    std::vector<json> events;
    void device_changed(const std::string& action, const DeviceRecord& device) override {
        events.push_back({{"event", "device"}, {"action", action}, {"device", device}});
    }
    void control_changed(const std::string& identity, const ControlRecord& control) override {
        events.push_back({{"event", "control"}, {"device", identity}, {"control", control}});
    }
    void state_changed(const std::string& change) override {
        events.push_back({{"event", "state"}, {"change", change}});
    }
};

DeviceRecord device(const std::string& serial, int card, const std::string& card_id, const std::string& product) {
    DeviceRecord d;
    d.identity = "1235:8211:" + serial;
    d.manufacturer = "Focusrite";
    d.product = product;
    d.card = card;
    d.card_id = card_id;
    d.label = card_id;
    d.playback_ports = {card_id + "-out:playback_1", card_id + "-out:playback_2"};
    return d;
}

ControlRecord control(const std::string& name, const std::string& category, long value) {
    ControlRecord c;
    c.name = name;
    c.kind = "switch";
    c.category = category;
    c.channels = 1;
    c.writable = true;
    c.values = {value};
    c.value = std::to_string(value);
    return c;
}

class Handler : public ::testing::Test {
protected:
    Handler() {
        store.graph_.sources = {{"in1", {0, -1}}, {"in2", {1, -1}}};
        core::Mix cue;
        cue.name = "cue";
        cue.slot = 0;
        store.graph_.mixes = {cue};
        store.bindings_.mixes["cue"] = {"system:playback_1", "system:playback_2"};
        store.clients["system"] = {"system:playback_1", "system:playback_2"};
        devices.devices = {device("S1", 2, "USB", "Scarlett Solo USB"), device("S2", 3, "USB_1", "Scarlett 2i2 USB")};
        mixer.cards[devices.devices[0].identity] = {control("Mic Playback Switch", "direct-monitor", 1),
                                                    control("Phantom Power Switch", "unsafe", 0)};
    }

    json ask(const json& request) { return handler.handle(request, subscription); }

    FakeStore store;
    FakeMixer mixer;
    FakeDevices devices;
    RecordingEvents events;
    core::Engine engine{48000.0};
    Subscription subscription;
    RequestHandler handler{store, engine, Snapshots(std::filesystem::temp_directory_path() / "headamp-handler-test"),
                           DaemonInfo{"0-test", "/nowhere", std::nullopt}, HandlerParts{mixer, devices, events}};
};

TEST_F(Handler, AControlTheCardRefusesAnswersAnErrorAndChangesNothing) {
    mixer.refuse_controls = true;
    const json a =
        ask({{"op", "control"}, {"id", 7}, {"device", "usb"}, {"name", "Phantom Power Switch"}, {"value", "1"}});
    EXPECT_EQ(a["id"], 7);
    EXPECT_EQ(a["error"], "the card refused the value for 'Phantom Power Switch'") << a.dump();
    EXPECT_FALSE(a.contains("ok"));
    EXPECT_EQ(mixer.cards.at("1235:8211:S1")[1].values, std::vector<long>{0});
    EXPECT_TRUE(events.events.empty()) << "a refused request tells nobody of a change";
}

TEST_F(Handler, AControlSetIsAnsweredAndToldAsAControlEventThenTheState) {
    const json a = ask({{"op", "control"}, {"device", "USB"}, {"name", "Mic Playback Switch"}, {"value", "0"}});
    ASSERT_TRUE(a.value("ok", false)) << a.dump();
    EXPECT_EQ(a["device"], "1235:8211:S1");
    EXPECT_EQ(a["control"]["values"], json::array({0}));
    ASSERT_EQ(events.events.size(), 2u);
    EXPECT_EQ(events.events[0]["event"], "control");
    EXPECT_EQ(events.events[0]["control"]["name"], "Mic Playback Switch");
    EXPECT_EQ(events.events[1], (json{{"event", "state"}, {"change", "hardware control 'Mic Playback Switch'"}}));
    // Reading a control changes nothing and tells nobody.
    ASSERT_TRUE(ask({{"op", "control"}, {"device", "USB"}, {"name", "Mic Playback Switch"}}).value("ok", false));
    EXPECT_EQ(events.events.size(), 2u);
}

TEST_F(Handler, DevicesAreFoundByCardIdCardNumberProductPrefixAndIdentity) {
    for (const char* name : {"usb", "USB", "2", "hw:2", "Scarlett S", "focusrite scarlett solo usb", "1235:8211:S1"}) {
        const json a = ask({{"op", "controls"}, {"device", name}});
        ASSERT_TRUE(a.value("ok", false)) << name << ": " << a.dump();
        EXPECT_EQ(a["device"], "1235:8211:S1") << name;
        EXPECT_EQ(a["card_id"], "USB");
        EXPECT_EQ(a["controls"].size(), 2u);
        EXPECT_EQ(a["controls"][1]["category"], "unsafe");
    }
    // "usb_" is a prefix of the second device's card id only; "3" is its card number.
    EXPECT_EQ(ask({{"op", "controls"}, {"device", "3"}})["error"], "device 1235:8211:S2 has no hardware controls");
    const json ambiguous = ask({{"op", "controls"}, {"device", "scarlett"}});
    EXPECT_NE(ambiguous["error"].get<std::string>().find("is ambiguous: it could be USB (Scarlett Solo USB, "
                                                         "1235:8211:S1), USB_1 (Scarlett 2i2 USB, 1235:8211:S2)"),
              std::string::npos)
        << ambiguous.dump();
    const json absent = ask({{"op", "controls"}, {"device", "Babyface"}});
    EXPECT_NE(absent["error"].get<std::string>().find("there is no device 'Babyface'; present: USB ("),
              std::string::npos)
        << absent.dump();
}

TEST_F(Handler, AnOutputOnADeviceIsItsPlaybackPairElseAJackClientsPorts) {
    const json a = ask({{"op", "mix_route"}, {"mix", "cue"}, {"output", "usb_1:1,2"}});
    ASSERT_TRUE(a.value("ok", false)) << a.dump();
    EXPECT_EQ(a["output"], json::array({"USB_1-out:playback_1", "USB_1-out:playback_2"}));
    EXPECT_EQ(store.bindings_.mixes.at("cue")[0], "USB_1-out:playback_1");
    ASSERT_EQ(events.events.size(), 1u);
    EXPECT_EQ(events.events[0]["change"], "routed mix 'cue'");

    ASSERT_TRUE(ask({{"op", "mix_route"}, {"mix", "cue"}, {"output", "system:1,2"}}).value("ok", false));
    EXPECT_EQ(store.bindings_.mixes.at("cue")[1], "system:playback_2");

    devices.devices[0].playback_ports.clear();
    const json waiting = ask({{"op", "mix_route"}, {"mix", "cue"}, {"output", "2:1,2"}});
    EXPECT_NE(waiting["error"].get<std::string>().find("has no playback channels"), std::string::npos)
        << waiting.dump();
    EXPECT_TRUE(ask({{"op", "mix_route"}, {"mix", "cue"}, {"output", "nosuchclient:1,2"}}).contains("error"));
    EXPECT_EQ(store.bindings_.mixes.at("cue")[1], "system:playback_2") << "refused routes change nothing";
    EXPECT_EQ(events.events.size(), 2u);
}

TEST_F(Handler, AMasterStagesTheHardwareFirstAndShowsTheSum) {
    mixer.master_volume["cue"] = {60, 60};  // -10 dB
    const json a = ask({{"op", "master"}, {"mix", "cue"}, {"level_db", -20}});
    ASSERT_TRUE(a.value("ok", false)) << a.dump();
    EXPECT_EQ(mixer.master_volume.at("cue"), (std::vector<long>{50, 50}));
    EXPECT_DOUBLE_EQ(store.graph_.mixes[0].master_db, 0.0) << "the hardware takes all of -20 dB";
    EXPECT_DOUBLE_EQ(a["master_db"].get<double>(), -20.0);
    EXPECT_DOUBLE_EQ(a["master_hardware_db"].get<double>(), -20.0);
    EXPECT_DOUBLE_EQ(a["master_software_db"].get<double>(), 0.0);
    const json status = handler.status();
    EXPECT_DOUBLE_EQ(status["mixes"][0]["master_db"].get<double>(), -20.0);
}

TEST_F(Handler, AMasterWhoseGraphIsRefusedPutsTheHardwareBack) {
    mixer.master_volume["cue"] = {60, 60};
    store.refuse = "the engine is out of mix slots";
    const core::Graph before = store.graph_;
    const json a = ask({{"op", "master"}, {"mix", "cue"}, {"level_db", 6}});
    EXPECT_EQ(a["error"], "the engine is out of mix slots") << a.dump();
    ASSERT_EQ(mixer.master_writes.size(), 2u);
    EXPECT_EQ(mixer.master_writes[0].second, (std::vector<long>{70, 70})) << "staged: 0 dB in hardware, +6 in software";
    EXPECT_EQ(mixer.master_writes[1].second, (std::vector<long>{60, 60})) << "and put back";
    EXPECT_EQ(mixer.master_volume.at("cue"), (std::vector<long>{60, 60}));
    EXPECT_EQ(store.graph_, before);
    EXPECT_TRUE(events.events.empty());
}

TEST_F(Handler, AMasterTheCardRefusesChangesNeitherTheCardNorTheGraph) {
    mixer.master_volume["cue"] = {60, 60};
    mixer.refuse_master = true;
    const core::Graph before = store.graph_;
    const json a = ask({{"op", "master"}, {"mix", "cue"}, {"level_db", -30}, {"mono", true}});
    EXPECT_EQ(a["error"], "the card refused the hardware volume of mix 'cue'") << a.dump();
    EXPECT_EQ(mixer.master_volume.at("cue"), (std::vector<long>{60, 60}));
    EXPECT_EQ(store.set_graph_calls, 0);
    EXPECT_EQ(store.graph_, before);
    EXPECT_TRUE(events.events.empty());
}

TEST_F(Handler, WithoutAHardwareMixerControlsAreNotAvailableAndMastersAreSoftware) {
    NoHardwareMixer none;
    RequestHandler software{store, engine, Snapshots(std::filesystem::temp_directory_path() / "headamp-handler-test"),
                            DaemonInfo{"0-test", "/nowhere", std::nullopt}, HandlerParts{none, devices, events}};
    const json a = software.handle({{"op", "controls"}, {"device", "usb"}}, subscription);
    EXPECT_NE(a["error"].get<std::string>().find("hardware controls are not available"), std::string::npos) << a.dump();
    const json m = software.handle({{"op", "master"}, {"mix", "cue"}, {"level_db", -20}}, subscription);
    ASSERT_TRUE(m.value("ok", false)) << m.dump();
    EXPECT_DOUBLE_EQ(store.graph_.mixes[0].master_db, -20.0);
    EXPECT_FALSE(m.contains("master_hardware_db"));
}

TEST_F(Handler, StatusShowsTheDevicesAndJackAsTheirPartsSayAndARefusedSetChangesNothing) {
    const json s = handler.status();
    EXPECT_EQ(s["devices"], json(devices.devices));
    EXPECT_EQ(s["jack"], (json{{"connected", true},
                               {"xruns", 3},
                               {"server", nullptr},
                               {"client", "headamp"},
                               {"sample_rate", 48000},
                               {"buffer_size", 128},
                               {"stack", "jack2"},
                               {"stack_version", ""}}));
    EXPECT_EQ(s["daemon"]["pid"], getpid());

    ASSERT_TRUE(ask({{"op", "set"}, {"mix", "cue"}, {"source", "in2"}, {"level_db", -6}}).value("ok", false));
    EXPECT_DOUBLE_EQ(store.graph_.mixes[0].sends.at("in2").level_db, -6.0);
    ASSERT_EQ(events.events.size(), 1u);
    EXPECT_EQ(events.events[0]["change"], "send of 'in2' in mix 'cue'");
    store.refuse = "no";
    EXPECT_EQ(ask({{"op", "set"}, {"mix", "cue"}, {"source", "in2"}, {"level_db", 3}})["error"], "no");
    EXPECT_DOUBLE_EQ(store.graph_.mixes[0].sends.at("in2").level_db, -6.0);
    EXPECT_EQ(events.events.size(), 1u);
}

TEST_F(Handler, OwnMarksASourceOfOneMixAndStatusShowsIt) {
    const json a = ask({{"op", "own"}, {"mix", "cue"}, {"source", "in2"}, {"own", true}});
    ASSERT_TRUE(a.value("ok", false)) << a.dump();
    EXPECT_EQ(a["send"]["own"], true);
    EXPECT_TRUE(store.graph_.mixes[0].sends.at("in2").own);
    const json sends = handler.status()["mixes"][0]["sends"];
    EXPECT_FALSE(sends[0].contains("own")) << "only an own source's send says so";
    EXPECT_EQ(sends[1]["own"], true);
    ASSERT_EQ(events.events.size(), 1u);
    EXPECT_EQ(events.events[0]["change"], "own sources of mix 'cue'");
    ASSERT_TRUE(ask({{"op", "own"}, {"mix", "cue"}, {"source", "in2"}, {"own", "toggle"}}).value("ok", false));
    EXPECT_FALSE(store.graph_.mixes[0].sends.at("in2").own);
    EXPECT_TRUE(ask({{"op", "own"}, {"mix", "cue"}, {"source", "in2"}})["error"].get<std::string>().find(
                    "needs the field 'own'") != std::string::npos);
}

TEST_F(Handler, MoreMeMovesEveryOwnSourceTogetherAndNothingElse) {
    const auto send_of = [&](const char* source) { return store.graph_.mixes[0].sends.at(source); };
    store.graph_.sources.push_back({"in3", {2, -1}});
    store.graph_.mixes[0].sends["in1"] = {-10, 0, false, false, true};
    store.graph_.mixes[0].sends["in2"] = {-3, 0, false, false, false};
    store.graph_.mixes[0].sends["in3"] = {-20, 0.5, false, false, true};
    const json a = ask({{"op", "more_me"}, {"mix", "cue"}, {"step_db", 4}});
    ASSERT_TRUE(a.value("ok", false)) << a.dump();
    EXPECT_DOUBLE_EQ(send_of("in1").level_db, -6.0);
    EXPECT_DOUBLE_EQ(send_of("in2").level_db, -3.0);
    EXPECT_DOUBLE_EQ(send_of("in3").level_db, -16.0);
    EXPECT_DOUBLE_EQ(send_of("in3").pan, 0.5);
    ASSERT_EQ(a["sends"].size(), 2u);
    EXPECT_EQ(a["sends"][0]["source"], "in1");
    EXPECT_EQ(a["sends"][1]["source"], "in3");
    EXPECT_EQ(store.set_graph_calls, 1) << "one change, published once";
    ASSERT_TRUE(ask({{"op", "more_me"}, {"mix", "cue"}, {"step_db", -2.5}}).value("ok", false));
    EXPECT_DOUBLE_EQ(send_of("in1").level_db, -8.5);
    EXPECT_DOUBLE_EQ(send_of("in3").level_db, -18.5);
}

TEST_F(Handler, MoreMeStopsEachSendAtTheTop) {
    const auto send_of = [&](const char* source) { return store.graph_.mixes[0].sends.at(source); };
    store.graph_.mixes[0].sends["in1"] = {10, 0, false, false, true};
    store.graph_.mixes[0].sends["in2"] = {0, 0, false, false, true};
    ASSERT_TRUE(ask({{"op", "more_me"}, {"mix", "cue"}, {"step_db", 6}}).value("ok", false));
    EXPECT_DOUBLE_EQ(send_of("in1").level_db, core::kMaxSendDb);
    EXPECT_DOUBLE_EQ(send_of("in2").level_db, 6.0);
    ASSERT_TRUE(ask({{"op", "more_me"}, {"mix", "cue"}, {"step_db", 3}}).value("ok", false));
    EXPECT_DOUBLE_EQ(send_of("in1").level_db, core::kMaxSendDb);
    EXPECT_DOUBLE_EQ(send_of("in2").level_db, 9.0);
}

TEST_F(Handler, ARefusedMoreMeChangesNothing) {
    const core::Graph before = store.graph_;
    const json none = ask({{"op", "more_me"}, {"mix", "cue"}, {"step_db", 3}});
    EXPECT_EQ(none["error"], "mix 'cue' has no own sources; mark them with 'own' first") << none.dump();
    store.graph_.mixes[0].sends["in1"] = {-10, 0, false, false, true};
    const core::Graph marked = store.graph_;
    for (const json& step : {json(NAN), json(INFINITY), json("3"), json(500), json(nullptr)}) {
        const json a = ask({{"op", "more_me"}, {"mix", "cue"}, {"step_db", step}});
        EXPECT_TRUE(a.contains("error")) << step << ": " << a.dump();
    }
    EXPECT_TRUE(ask({{"op", "more_me"}, {"mix", "cue"}})["error"].get<std::string>().find("'step_db'") !=
                std::string::npos);
    EXPECT_TRUE(ask({{"op", "more_me"}, {"mix", "nosuchmix"}, {"step_db", 3}}).contains("error"));
    store.refuse = "the engine said no";
    EXPECT_EQ(ask({{"op", "more_me"}, {"mix", "cue"}, {"step_db", 3}})["error"], "the engine said no");
    EXPECT_EQ(store.graph_, marked);
    EXPECT_NE(before, marked);
    EXPECT_EQ(events.events.size(), 0u);
}

class RecordingTokens final : public RemoteTokens {
public:
    std::map<std::string, std::string> mixes;
    std::vector<std::string> forgotten;
    std::string token_for_mix(const std::string& mix) override { return mixes.emplace(mix, "t-" + mix).first->second; }
    std::string renew(const std::string& mix) override { return mixes[mix] = "renewed-" + mix; }
    void forget(const std::string& mix) override {
        mixes.erase(mix);
        forgotten.push_back(mix);
    }
    std::string admin_token() override { return "adm"; }
    std::string view_token() override { return "vw"; }
};

TEST_F(Handler, RemoteGivesEachMixsLinkOnlyAtTheLocalSocket) {
    RecordingTokens tokens;
    handler.set_remote_tokens(tokens);
    store.graph_.mixes.push_back(store.graph_.mixes[0]);
    store.graph_.mixes[1].name = "Bass & Keys";
    store.graph_.mixes[1].slot = 1;
    const json lan = ask({{"op", "remote"}});
    EXPECT_EQ(lan["error"], "'remote' is answered only at the local control socket") << lan.dump();
    EXPECT_TRUE(tokens.mixes.empty()) << "a refused request makes no token";

    const json off = handler.handle({{"op", "remote"}}, subscription, Caller::local_socket);
    ASSERT_TRUE(off.value("ok", false)) << off.dump();
    EXPECT_EQ(off["page"], "off");
    EXPECT_EQ(
        off["mixes"],
        (json::array({{{"mix", "cue"}, {"token", "t-cue"}}, {{"mix", "Bass & Keys"}, {"token", "t-Bass & Keys"}}})));
    EXPECT_EQ(off["admin_token"], "adm");
    EXPECT_EQ(off["view_token"], "vw");
    EXPECT_EQ(off["osc_port"], nullptr);
    EXPECT_FALSE(off.contains("admin_url"));

    handler.set_page_address("http://192.0.2.7:8080/");
    handler.set_osc_port(9000);
    const json on = handler.handle({{"op", "remote"}}, subscription, Caller::local_socket);
    ASSERT_TRUE(on.value("ok", false)) << on.dump();
    EXPECT_FALSE(on.contains("page"));
    EXPECT_EQ(on["mixes"][0]["url"], "http://192.0.2.7:8080/#mix=cue&k=t-cue");
    EXPECT_EQ(on["mixes"][1]["url"], "http://192.0.2.7:8080/#mix=Bass%20%26%20Keys&k=t-Bass & Keys");
    EXPECT_EQ(on["admin_url"], "http://192.0.2.7:8080/#k=adm");
    EXPECT_EQ(on["view_url"], "http://192.0.2.7:8080/#k=vw");
    EXPECT_EQ(on["osc_port"], 9000);
}

TEST_F(Handler, RemoteRenewRenewsTheNamedMixOnlyAtTheLocalSocket) {
    RecordingTokens tokens;
    handler.set_remote_tokens(tokens);
    tokens.token_for_mix("cue");
    EXPECT_TRUE(ask({{"op", "remote_renew"}, {"mix", "cue"}}).contains("error"));
    EXPECT_EQ(tokens.mixes.at("cue"), "t-cue");
    const json a = handler.handle({{"op", "remote_renew"}, {"mix", "1"}}, subscription, Caller::local_socket);
    ASSERT_TRUE(a.value("ok", false)) << a.dump();
    EXPECT_EQ(a["mix"], "cue");
    EXPECT_EQ(a["token"], "renewed-cue");
    EXPECT_FALSE(a.contains("url"));
    EXPECT_TRUE(handler.handle({{"op", "remote_renew"}, {"mix", "drums"}}, subscription, Caller::local_socket)
                    .contains("error"));
    EXPECT_EQ(tokens.mixes.size(), 1u);
}

TEST_F(Handler, ARemovedMixsTokenIsForgotten) {
    RecordingTokens tokens;
    handler.set_remote_tokens(tokens);
    store.graph_.mixes.push_back(store.graph_.mixes[0]);
    store.graph_.mixes[1].name = "drums";
    store.graph_.mixes[1].slot = 1;
    ASSERT_TRUE(ask({{"op", "mix_remove"}, {"mix", "drums"}}).value("ok", false));
    EXPECT_EQ(tokens.forgotten, std::vector<std::string>{"drums"});
    store.refuse = "no";
    EXPECT_TRUE(ask({{"op", "mix_remove"}, {"mix", "cue"}}).contains("error"));
    EXPECT_EQ(tokens.forgotten, std::vector<std::string>{"drums"}) << "a refused removal keeps the token";
}

TEST_F(Handler, WithoutATokenStoreRemoteSaysSo) {
    const json a = handler.handle({{"op", "remote"}}, subscription, Caller::local_socket);
    EXPECT_EQ(a["error"], "this headampd keeps no remote tokens") << a.dump();
}

}  // namespace
