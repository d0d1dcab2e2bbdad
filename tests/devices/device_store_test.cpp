// Saved device profiles: round trip, file names, atomic replacement, and corrupt files that never crash.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "devices/device_store.hpp"

using namespace headamp;
using namespace headamp::devices;
namespace fs = std::filesystem;

namespace {

class DeviceStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("headamp-store-" + std::to_string(getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    static DeviceProfile sample() {
        DeviceProfile p;
        p.sources = {{"vox", {0}, 3.5, false}, {"keys", {2, 3}, -1, true}};
        core::Mix cue;
        cue.name = "cue";
        cue.master_db = -10;
        cue.mono = true;
        cue.pan_law = core::PanLaw::Linear;
        cue.eq.enabled = true;
        cue.eq.mid.gain_db = 4;
        cue.sends["vox"] = {-6, 0.25, false, true};
        cue.sends["vox"].own = true;
        p.outputs = {{1, cue}};
        p.sends["other"]["keys"] = {-120, -1, true, false};
        return p;
    }

    static std::string read(const fs::path& f) {
        std::ifstream in(f);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }

    fs::path dir_;
};

}  // namespace

TEST_F(DeviceStoreTest, SavesAndLoadsAProfileUnderItsIdentity) {
    DeviceStore store(dir_);
    EXPECT_FALSE(store.load("1235:8211:Y7E3"));
    ASSERT_TRUE(store.save("1235:8211:Y7E3", sample()));
    EXPECT_TRUE(fs::exists(dir_ / "1235:8211:Y7E3.json"));
    EXPECT_EQ(store.load("1235:8211:Y7E3"), sample());
    EXPECT_FALSE(store.load("1235:8211:OTHER"));
}

TEST_F(DeviceStoreTest, IdentitiesBecomeSafeFileNames) {
    DeviceStore store(dir_);
    EXPECT_EQ(store.file_for("1397:0509@usb-1-3"), dir_ / "1397:0509@usb-1-3.json");
    EXPECT_EQ(store.file_for("a/../b c"), dir_ / "a%2F..%2Fb%20c.json");
    EXPECT_EQ(store.file_for(".."), dir_ / "%...json");
    EXPECT_EQ(store.file_for(""), dir_ / "%.json");
}

TEST_F(DeviceStoreTest, ReplacesTheFileAtomicallyAndLeavesNoTemporaryFile) {
    DeviceStore store(dir_);
    ASSERT_TRUE(store.save("id", DeviceProfile{}));
    const auto inode_before = fs::status(dir_ / "id.json").type();
    ASSERT_TRUE(store.save("id", sample()));
    EXPECT_EQ(fs::status(dir_ / "id.json").type(), inode_before);
    EXPECT_EQ(store.load("id"), sample());
    for (const auto& entry : fs::directory_iterator(dir_)) EXPECT_EQ(entry.path().filename(), "id.json");
}

TEST_F(DeviceStoreTest, AFailedSaveLeavesTheOldFileIntact) {
    DeviceStore store(dir_);
    ASSERT_TRUE(store.save("id", sample()));
    const std::string before = read(dir_ / "id.json");
    fs::create_directories(dir_ /
                           (".id.json.tmp-" + std::to_string(getpid())));  // the temporary file cannot be created
    EXPECT_FALSE(store.save("id", DeviceProfile{}));
    EXPECT_EQ(read(dir_ / "id.json"), before);
    EXPECT_EQ(store.load("id"), sample());
}

TEST_F(DeviceStoreTest, ACorruptFileGivesNothingNotACrash) {
    DeviceStore store(dir_);
    fs::create_directories(dir_);
    const std::vector<std::string> corrupt{
        "",
        "{",
        "not json",
        "[]",
        "{\"version\": 1}",
        "{\"version\": 99, \"sources\": [], \"outputs\": [], \"sends\": {}}",
        R"({"version": 1, "sources": [{"name": 5}], "outputs": [], "sends": {}})",
        R"({"version": 1, "sources": [], "outputs": [{"pair": 0, "mix": {"name": "m"}}], "sends": {}})",
        R"({"version": 1, "sources": [], "outputs": [{"pair": 4294967296, "mix": {"name": "m"}}], "sends": {}})",
        R"({"version": 4294967297, "sources": [], "outputs": [], "sends": {}})",
        std::string("\0\xff\xfe", 3)};
    for (const std::string& text : corrupt) {
        std::ofstream(dir_ / "bad.json", std::ios::binary) << text;
        EXPECT_FALSE(store.load("bad")) << text;
        EXPECT_EQ(read(dir_ / "bad.json"), text) << "a load must never rewrite the file";
    }
}

TEST_F(DeviceStoreTest, DefaultDirectoryFollowsXdgStateHome) {
    const char* old_state = std::getenv("XDG_STATE_HOME");
    const std::string saved = old_state ? old_state : "";
    setenv("XDG_STATE_HOME", "/var/tmp/state", 1);
    EXPECT_EQ(DeviceStore::default_dir(), fs::path("/var/tmp/state/headamp/devices"));
    setenv("XDG_STATE_HOME", "relative/is/ignored", 1);
    setenv("HOME", "/home/musician", 1);
    EXPECT_EQ(DeviceStore::default_dir(), fs::path("/home/musician/.local/state/headamp/devices"));
    if (old_state)
        setenv("XDG_STATE_HOME", saved.c_str(), 1);
    else
        unsetenv("XDG_STATE_HOME");
}
