// Crash-safe state on the real daemon: headampd is killed with SIGKILL at random moments while a client
// streams changes and snapshot saves and the daemon saves the device's profile; after every kill each
// state file is the old or the new version and parses, and headampd starts again with all of them.
// HEADAMP_CRASH_KILLS (default 100) and HEADAMP_CRASH_SEED set the run; a failure prints both.
#include <gtest/gtest.h>
#include <signal.h>

#include <map>
#include <optional>
#include <random>
#include <set>
#include <thread>

#include "devices/device_store.hpp"
#include "hardware_fixture.hpp"

using namespace headamp::test;
namespace fs = std::filesystem;

namespace {

constexpr const char* kSource = "USB-in1";
const std::vector<std::string> kSnapshotNames{"verse", "chorus", "bridge"};

uint64_t env_u64(const char* name, uint64_t fallback) {
    const char* text = std::getenv(name);
    return text && *text ? std::strtoull(text, nullptr, 10) : fallback;
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every change the client makes gets a level no other change has: the level names the version.
double version_level(uint64_t n) { return -1.0 - static_cast<double>(n % 6000) / 64.0; }

// The send level of kSource in `mix` in a snapshot (or status) document; nothing when absent.
std::optional<double> snapshot_level(const json& doc, const std::string& mix) {
    for (const json& m : doc.at("mixes"))
        if (m.at("name") == mix)
            for (const json& s : m.at("sends"))
                if (s.at("source") == kSource) return s.at("level_db").get<double>();
    return std::nullopt;
}

std::optional<double> profile_level(const headamp::devices::DeviceProfile& p, const std::string& mix) {
    const auto m = p.sends.find(mix);
    if (m == p.sends.end()) return std::nullopt;
    const auto s = m->second.find(kSource);
    if (s == m->second.end()) return std::nullopt;
    return s->second.level_db;
}

// The JACK client name headampd last reported ("connected to JACK as 'headamp-01'").
std::string jack_client_name(const std::string& log) {
    const std::string key = "connected to JACK as '";
    const auto at = log.rfind(key);
    if (at == std::string::npos) return "";
    const auto from = at + key.size();
    return log.substr(from, log.find('\'', from) - from);
}

// Whether jackd has dropped a client: none of its ports are left.
bool client_gone(const std::string& server, const std::string& client) {
    try {
        JackHandle probe(server, "crash-probe");
        const char** ports = jack_get_ports(probe.get(), ("^" + client + ":").c_str(), nullptr, 0);
        const bool gone = ports == nullptr;
        jack_free(ports);
        return gone;
    } catch (const std::exception&) {
        return false;  // the server refused a client for the moment
    }
}

// What the client knows of one snapshot: the version the daemon confirmed, and the one it was saving
// when it died (no answer yet).
struct SnapshotVersions {
    std::optional<double> acked;
    std::optional<double> in_flight;
};

}  // namespace

TEST(CrashSafeState, EveryStateFileIsTheOldOrTheNewVersionAfterAKillAndHeadampdStartsWithAllOfThem) {
    const uint64_t kills = env_u64("HEADAMP_CRASH_KILLS", 100);
    const uint64_t seed = env_u64("HEADAMP_CRASH_SEED", std::random_device{}());
    const std::string replay = "seed " + std::to_string(seed) + " (replay: HEADAMP_CRASH_SEED=" + std::to_string(seed) +
                               " HEADAMP_CRASH_KILLS=" + std::to_string(kills) + ")";
    std::printf("crash-safe state: %llu kills, %s\n", static_cast<unsigned long long>(kills), replay.c_str());
    std::mt19937_64 rng(seed);

    HardwareDaemon d("crash-state");
    const fs::path snapshot_dir = fs::path(d.state_home) / "headamp" / "snapshots";
    const headamp::devices::DeviceStore store(fs::path(d.state_home) / "headamp" / "devices");
    const fs::path profile_file = store.file_for(solo().identity());

    std::map<std::string, SnapshotVersions> snapshots;
    std::optional<double> profile_before;  // the device profile's version before this round
    std::string mix;                       // the mix the device's outputs got
    uint64_t changes = 0, saves_acked = 0, kills_mid_save = 0;
    std::set<fs::path> temporaries;
    const auto start = std::chrono::steady_clock::now();

    for (uint64_t round = 0; round <= kills; ++round) {
        SCOPED_TRACE("round " + std::to_string(round) + ", " + replay);
        d.start();
        d.plug(solo());
        ASSERT_TRUE(d.wait_patched(1)) << d.log();
        const json status = d.status();
        for (const json& m : status["mixes"])
            if (m["output"] == json({"USB-out:playback_1", "USB-out:playback_2"})) mix = m["name"];
        ASSERT_FALSE(mix.empty()) << status.dump(1);
        // What killed saves left behind is cleared when the daemon starts, before it saves anything.
        for (const fs::path& t : temporaries)
            EXPECT_FALSE(fs::exists(t)) << t << ": left by a save cut short, still there after the next start";

        // Started again with everything intact: the profile is what the device got, every snapshot
        // is listed, and one of them (at random) loads.
        if (profile_before) {
            EXPECT_EQ(snapshot_level(status, mix), profile_before) << "the device profile was not applied";
        }
        std::vector<std::string> on_disk;
        for (const auto& [name, v] : snapshots)
            if (v.acked || fs::exists(snapshot_dir / (name + ".json"))) on_disk.push_back(name);
        EXPECT_EQ(d.ask({{"op", "snapshot_list"}})["snapshots"], json(on_disk)) << d.log();
        if (!on_disk.empty()) {
            const std::string name = on_disk[rng() % on_disk.size()];
            const json expected = json::parse(read(snapshot_dir / (name + ".json")));
            ASSERT_TRUE(d.ask({{"op", "snapshot_load"}, {"name", name}}).value("ok", false)) << name << "\n" << d.log();
            EXPECT_EQ(snapshot_level(d.status(), mix), snapshot_level(expected, mix)) << name;
        }
        if (round == kills) break;

        // Changes streaming in until the daemon dies under them; the kill comes from another thread
        // at a random moment, so it lands anywhere: in a save, between two, in a request.
        std::set<double> levels{snapshot_level(d.status(), mix).value_or(0.0)};
        if (profile_before) levels.insert(*profile_before);
        const pid_t pid = d.process->pid();
        // headampd saves the device's profile on its next second's tick after a change: until one save
        // has landed, the kill waits past two such ticks, so the profile's part of the test always runs.
        const auto delay = std::chrono::microseconds((profile_before ? 100000 : 2200000) + rng() % 1500000);
        std::thread killer([pid, delay] {
            std::this_thread::sleep_for(delay);
            ::kill(pid, SIGKILL);
        });
        std::string refused;  // an answer that is not ok: checked once the killer is joined
        try {
            auto client = d.connect();
            for (uint64_t step = 0;; ++step) {
                if (step % 2 == 0) {
                    const double level = version_level(++changes);
                    levels.insert(level);  // in flight: the daemon may have applied it when it died
                    client->request({{"op", "set"}, {"mix", mix}, {"source", kSource}, {"level_db", level}});
                } else if (step % 5 == 1) {
                    client->request({{"op", "master"}, {"mix", mix}, {"level_db", -static_cast<double>(rng() % 30)}});
                } else {
                    const std::string name = kSnapshotNames[rng() % kSnapshotNames.size()];
                    SnapshotVersions& v = snapshots[name];
                    v.in_flight = version_level(changes);
                    const json answer = client->request({{"op", "snapshot_save"}, {"name", name}});
                    if (!answer.value("ok", false)) {
                        refused = answer.dump();
                        break;
                    }
                    v.acked = v.in_flight;
                    v.in_flight.reset();
                    ++saves_acked;
                }
            }
        } catch (const std::exception&) {
            // The connection went away with the daemon.
        }
        killer.join();
        d.process.reset();  // reaps it
        // jackd drops a killed client only once it notices (seconds on a loaded machine); until then
        // the next headampd gets another name and waits on the dead client's timeouts. What is tested
        // here is headampd's state, not how fast jackd reaps a client: wait for that first.
        const std::string dead = jack_client_name(d.log());
        ASSERT_TRUE(JackHandle::wait_for([&] { return client_gone(d.server->name(), dead); }, 60s))
            << "jackd kept the killed client '" << dead << "' for a minute";
        ASSERT_TRUE(refused.empty()) << "a save was refused: " << refused;

        // Every snapshot file parses and is the confirmed version or the one being saved.
        for (auto& [name, v] : snapshots) {
            const fs::path file = snapshot_dir / (name + ".json");
            if (!fs::exists(file)) {
                EXPECT_FALSE(v.acked) << name << ": a confirmed snapshot is gone";
                v.in_flight.reset();
                continue;
            }
            json doc;
            try {
                doc = json::parse(read(file));
            } catch (const std::exception& e) {
                FAIL() << file << " does not parse after the kill: " << e.what() << "\n" << read(file);
            }
            const std::optional<double> level = snapshot_level(doc, mix);
            EXPECT_TRUE(level == v.acked || level == v.in_flight)
                << name << ": level " << level.value_or(-999) << ", confirmed " << v.acked.value_or(-999)
                << ", in flight " << v.in_flight.value_or(-999);
            v.acked = level;  // whichever it is, it is the old version of the next round
            v.in_flight.reset();
        }
        // The device profile parses with the daemon's own reader and is a version the daemon had.
        if (fs::exists(profile_file)) {
            try {
                const headamp::devices::DeviceProfile p = headamp::devices::profile_from_json(read(profile_file));
                const std::optional<double> level = profile_level(p, mix);
                ASSERT_TRUE(level && levels.count(*level))
                    << "the profile holds a level the daemon never had: " << level.value_or(-999) << "\n"
                    << read(profile_file);
                profile_before = level;
            } catch (const std::exception& e) {
                FAIL() << profile_file << " does not parse after the kill: " << e.what() << "\n" << read(profile_file);
            }
        }
        // A new temporary file left behind means the kill landed inside a save. The next daemon must
        // not mistake it for state, and removes it when it starts (checked at the top of the round).
        for (const fs::path& dir : {snapshot_dir, profile_file.parent_path()}) {
            std::error_code ec;
            for (const auto& e : fs::directory_iterator(dir, ec))
                if (e.path().filename().string().find(".tmp-") != std::string::npos &&
                    temporaries.insert(e.path()).second)
                    ++kills_mid_save;
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf(
        "crash-safe state: %llu kills, %llu changes, %llu snapshot saves confirmed, %llu kills inside a save "
        "(temporary file left), device profile saved: %s, %.1f s\n",
        static_cast<unsigned long long>(kills), static_cast<unsigned long long>(changes),
        static_cast<unsigned long long>(saves_acked), static_cast<unsigned long long>(kills_mid_save),
        profile_before ? "yes" : "no", seconds);
    EXPECT_TRUE(profile_before.has_value()) << "the device profile was never saved: the run proved nothing about it";
    EXPECT_GT(saves_acked, kills) << "too few snapshot saves to have been interrupted";
}
