// state::write_file_atomically on real files: replaces, keeps the mode, fails without touching the old
// file or leaving a temporary one, and never shows a half-written file under the real name.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "state/atomic_file.hpp"

namespace fs = std::filesystem;
using headamp::state::write_file_atomically;

namespace {

class AtomicFileTest : public testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::path(testing::TempDir()) / ("atomic-file-" + std::to_string(getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }
    static std::string read(const fs::path& p) {
        std::ifstream in(p, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    }
    std::vector<std::string> names() const {
        std::vector<std::string> out;
        for (const auto& e : fs::directory_iterator(dir_)) out.push_back(e.path().filename().string());
        std::sort(out.begin(), out.end());
        return out;
    }
    fs::path dir_;
};

}  // namespace

TEST_F(AtomicFileTest, CreatesThenReplacesWithTheGivenModeAndNoTemporaryFileLeft) {
    const fs::path file = dir_ / "a.json";
    ASSERT_EQ(write_file_atomically(file, "first\n", 0600), std::nullopt);
    EXPECT_EQ(read(file), "first\n");
    const std::string big(1 << 20, 'x');  // more than one write() may take
    ASSERT_EQ(write_file_atomically(file, big, 0644), std::nullopt);
    EXPECT_EQ(read(file), big);
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0);
    const mode_t mask = ::umask(0);
    ::umask(mask);
    EXPECT_EQ(st.st_mode & 0777, 0644u & ~mask);
    EXPECT_EQ(names(), std::vector<std::string>{"a.json"});
}

TEST_F(AtomicFileTest, ReplacesByRenameSoAnOpenReaderKeepsTheOldContent) {
    const fs::path file = dir_ / "a.json";
    ASSERT_EQ(write_file_atomically(file, "old", 0600), std::nullopt);
    std::ifstream reader(file);
    ASSERT_EQ(write_file_atomically(file, "new", 0600), std::nullopt);
    std::string seen;
    reader >> seen;
    EXPECT_EQ(seen, "old") << "the file was rewritten in place, not replaced";
    EXPECT_EQ(read(file), "new");
}

TEST_F(AtomicFileTest, AFailureLeavesTheOldFileAndNoTemporaryFile) {
    const fs::path file = dir_ / "a.json";
    ASSERT_EQ(write_file_atomically(file, "old", 0600), std::nullopt);
    // The temporary file's name taken by a directory: open fails.
    fs::create_directories(dir_ / (".a.json.tmp-" + std::to_string(getpid())));
    const auto error = write_file_atomically(file, "new", 0600);
    ASSERT_TRUE(error.has_value());
    EXPECT_NE(error->find(".a.json.tmp-"), std::string::npos) << *error;
    EXPECT_EQ(read(file), "old");
    fs::remove(dir_ / (".a.json.tmp-" + std::to_string(getpid())));
    // The target a directory: rename fails after the temporary file was written, which is removed.
    fs::create_directories(dir_ / "b.json");
    const auto rename_error = write_file_atomically(dir_ / "b.json", "new", 0600);
    ASSERT_TRUE(rename_error.has_value());
    EXPECT_NE(rename_error->find("rename"), std::string::npos) << *rename_error;
    EXPECT_EQ(names(), (std::vector<std::string>{"a.json", "b.json"}));
}

TEST_F(AtomicFileTest, AMissingDirectoryIsAnError) {
    const auto error = write_file_atomically(dir_ / "no" / "a.json", "x", 0600);
    ASSERT_TRUE(error.has_value());
    EXPECT_NE(error->find("open"), std::string::npos) << *error;
}

TEST_F(AtomicFileTest, AStaleTemporaryFileOfAKilledSaveIsReused) {
    const fs::path stale = dir_ / (".a.json.tmp-" + std::to_string(getpid()));
    std::ofstream(stale) << "half of an old sa";
    ASSERT_EQ(write_file_atomically(dir_ / "a.json", "whole", 0600), std::nullopt);
    EXPECT_EQ(read(dir_ / "a.json"), "whole");
    EXPECT_EQ(names(), std::vector<std::string>{"a.json"});
}

TEST_F(AtomicFileTest, TemporaryFilesOfWritersThatAreGoneAreRemovedAndALiveWritersAreKept) {
    // A pid that ran and is gone: a child that has exited and been reaped.
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ASSERT_GT(child, 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    const pid_t parent = ::getppid();  // runs as long as this test does
    for (const std::string& name :
         std::vector<std::string>{".a.json.tmp-" + std::to_string(child), ".b.json.tmp-" + std::to_string(getpid()),
                                  ".c.json.tmp-" + std::to_string(parent), ".d.json.tmp-x12",
                                  "e.json.tmp-" + std::to_string(child), ".f.json.tmp-", "g.json"})
        std::ofstream(dir_ / name) << "half of a sa";
    std::vector<fs::path> removed = headamp::state::remove_abandoned_temporaries(dir_);
    std::sort(removed.begin(), removed.end());
    EXPECT_EQ(removed, (std::vector<fs::path>{dir_ / (".a.json.tmp-" + std::to_string(child)),
                                              dir_ / (".b.json.tmp-" + std::to_string(getpid()))}));
    // The live writer's file, names that are not a temporary file's, and every real file stay.
    EXPECT_EQ(names(), (std::vector<std::string>{".c.json.tmp-" + std::to_string(parent), ".d.json.tmp-x12",
                                                 ".f.json.tmp-", "e.json.tmp-" + std::to_string(child), "g.json"}));
    EXPECT_TRUE(headamp::state::remove_abandoned_temporaries(dir_ / "missing").empty());
}
