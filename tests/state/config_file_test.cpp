// Reading the config file from disk, and where it is looked for (XDG_CONFIG_HOME, HOME).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

#include "state/config.hpp"

namespace headamp::state {
namespace {

namespace fs = std::filesystem;

// Sets or unsets an environment variable for one test and puts the old value back afterwards.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value)
            setenv(name, value, 1);
        else
            unsetenv(name);
    }
    ~ScopedEnv() {
        if (old_)
            setenv(name_, old_->c_str(), 1);
        else
            unsetenv(name_);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};

// A fresh directory under the test's temporary directory, removed afterwards.
class ConfigFile : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::path(::testing::TempDir()) /
               ("headamp-state-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path write(const std::string& name, const std::string& text) {
        const fs::path file = dir_ / name;
        std::ofstream(file, std::ios::binary) << text;
        return file;
    }

    std::string error_of(const fs::path& file) {
        try {
            load_config(file);
        } catch (const ConfigError& e) {
            return e.what();
        }
        ADD_FAILURE() << "no ConfigError for " << file;
        return {};
    }

    fs::path dir_;
};

TEST_F(ConfigFile, LoadsAFile) {
    const fs::path file = write("headamp.conf", "[[source]]\nname = \"vox\"\nports = [\"system:capture_1\"]\n");
    const Config config = load_config(file);
    ASSERT_EQ(config.graph.sources.size(), 1u);
    EXPECT_EQ(config.graph.sources[0].name, "vox");
    EXPECT_EQ(config.source_ports.at("vox"), std::vector<std::string>{"system:capture_1"});
}

TEST_F(ConfigFile, ErrorsNameTheFileItself) {
    const fs::path file = write("typo.conf", "[jack]\nstart_sever = true\n");
    const std::string message = error_of(file);
    EXPECT_EQ(message.rfind(file.string() + ":2:", 0), 0u) << message;
    EXPECT_NE(message.find("start_sever"), std::string::npos) << message;
}

TEST_F(ConfigFile, AMissingFileIsAnError) {
    const fs::path file = dir_ / "nothing-here.conf";
    const std::string message = error_of(file);
    EXPECT_EQ(message.rfind(file.string() + ":", 0), 0u) << message;
    EXPECT_NE(message.find("No such file"), std::string::npos) << message;
}

TEST_F(ConfigFile, ADirectoryIsAnError) {
    const std::string message = error_of(dir_);
    EXPECT_NE(message.find("Is a directory"), std::string::npos) << message;
}

TEST_F(ConfigFile, AnUnreadableFileIsAnError) {
    const fs::path file = write("secret.conf", "");
    fs::permissions(file, fs::perms::none);
    if (std::ifstream(file).is_open()) GTEST_SKIP() << "running with permission to read anything (root?)";
    const std::string message = error_of(file);
    EXPECT_NE(message.find("Permission denied"), std::string::npos) << message;
}

TEST_F(ConfigFile, APathThroughAFileIsAnError) {
    // Unlike a permission problem, this one holds for root too.
    const fs::path file = write("plain.conf", "");
    const std::string message = error_of(file / "headamp.conf");
    EXPECT_NE(message.find("Not a directory"), std::string::npos) << message;
}

TEST_F(ConfigFile, CorruptBytesOnDiskAreAConfigError) {
    const fs::path file = write("corrupt.conf", std::string("\x7f"
                                                            "ELF\x02\x01\x01\0\0\0\xff\xfe\x80",
                                                            14));
    const std::string message = error_of(file);
    EXPECT_EQ(message.rfind(file.string() + ":1:", 0), 0u) << message;
}

TEST_F(ConfigFile, AHugeFileIsRefusedBeforeParsing) {
    const fs::path file = write("huge.conf", std::string(2 << 20, '#'));
    EXPECT_NE(error_of(file).find("larger than"), std::string::npos);
}

TEST(DefaultConfigPath, UsesXdgConfigHome) {
    ScopedEnv xdg("XDG_CONFIG_HOME", "/tmp/xdg-config");
    ScopedEnv home("HOME", "/home/someone");
    EXPECT_EQ(default_config_path(), fs::path("/tmp/xdg-config/headamp/headamp.conf"));
}

TEST(DefaultConfigPath, FallsBackToHomeWhenXdgConfigHomeIsUnsetEmptyOrRelative) {
    ScopedEnv home("HOME", "/home/someone");
    for (const char* xdg : {static_cast<const char*>(nullptr), "", "relative/config"}) {
        ScopedEnv unset("XDG_CONFIG_HOME", xdg);
        EXPECT_EQ(default_config_path(), fs::path("/home/someone/.config/headamp/headamp.conf"))
            << "XDG_CONFIG_HOME=" << (xdg ? xdg : "(unset)");
    }
}

TEST(DefaultConfigPath, WithoutHomeUsesThePasswdEntry) {
    ScopedEnv xdg("XDG_CONFIG_HOME", nullptr);
    ScopedEnv home("HOME", nullptr);
    // The passwd entry may be missing in a minimal container; then the error must say why.
    try {
        const fs::path path = default_config_path();
        EXPECT_TRUE(path.is_absolute()) << path;
        EXPECT_EQ(path.filename(), "headamp.conf");
        EXPECT_EQ(path.parent_path().filename(), "headamp");
        EXPECT_EQ(path.parent_path().parent_path().filename(), ".config");
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("HOME"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace headamp::state
