// The remote tokens on disk: made once and kept across restarts, renewed one at a time, dropped with
// their mix, opening exactly their scope, and a corrupt or foreign file said in the log and replaced.
#include "remote/token_store.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace headamp::remote {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class TokenStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("headamp-tokens-" + std::to_string(getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        file_ = dir_ / "remote-tokens.json";
    }
    void TearDown() override { fs::remove_all(dir_); }

    void write(const std::string& text, mode_t mode = 0600) const {
        std::ofstream(file_) << text;
        ASSERT_EQ(chmod(file_.c_str(), mode), 0);
    }
    json read() const {
        std::ifstream in(file_);
        std::stringstream text;
        text << in.rdbuf();
        return json::parse(text.str());
    }
    mode_t mode() const {
        struct stat st {};
        EXPECT_EQ(stat(file_.c_str(), &st), 0);
        return st.st_mode & 07777;
    }

    fs::path dir_;
    fs::path file_;
};

TEST_F(TokenStoreTest, TokensAreLongRandomAndUrlSafe) {
    TokenStore store(file_);
    std::set<std::string> seen;
    for (const std::string& t : {store.admin_token(), store.view_token(), store.token_for_mix("bass"),
                                 store.token_for_mix("drums"), store.token_for_mix("keys")}) {
        EXPECT_GE(t.size() * 4, 128u) << t;  // hex: four bits a character
        EXPECT_EQ(t.find_first_not_of("0123456789abcdef"), std::string::npos) << t;
        seen.insert(t);
    }
    EXPECT_EQ(seen.size(), 5u);
}

TEST_F(TokenStoreTest, EachTokenOpensExactlyItsScope) {
    TokenStore store(file_);
    const std::string admin = store.admin_token(), view = store.view_token(), bass = store.token_for_mix("bass");
    EXPECT_EQ(store.scope_for(admin)->level, AccessLevel::admin);
    EXPECT_EQ(store.scope_for(view)->level, AccessLevel::view);
    const auto scope = store.scope_for(bass);
    ASSERT_TRUE(scope);
    EXPECT_EQ(scope->level, AccessLevel::mix);
    EXPECT_EQ(scope->mix, "bass");
    std::string near = bass;
    near.back() = near.back() == '0' ? '1' : '0';
    for (const std::string& wrong : {std::string(), near, bass.substr(1), bass + "0", std::string("admin")})
        EXPECT_FALSE(store.scope_for(wrong)) << wrong;
}

TEST_F(TokenStoreTest, KeptAcrossRestartsInAPrivateFile) {
    std::string admin, view, bass;
    {
        TokenStore store(file_);
        admin = store.admin_token();
        view = store.view_token();
        bass = store.token_for_mix("bass");
    }
    EXPECT_EQ(mode(), 0600u);
    TokenStore again(file_);
    EXPECT_EQ(again.admin_token(), admin);
    EXPECT_EQ(again.view_token(), view);
    EXPECT_EQ(again.token_for_mix("bass"), bass);
    EXPECT_EQ(again.scope_for(bass)->mix, "bass");
}

TEST_F(TokenStoreTest, RenewChangesOnlyThatMixsToken) {
    TokenStore store(file_);
    const std::string admin = store.admin_token(), view = store.view_token();
    const std::string bass = store.token_for_mix("bass"), drums = store.token_for_mix("drums");
    const std::string renewed = store.renew("bass");
    EXPECT_NE(renewed, bass);
    EXPECT_FALSE(store.scope_for(bass));
    EXPECT_EQ(store.scope_for(renewed)->mix, "bass");
    EXPECT_EQ(store.token_for_mix("drums"), drums);
    EXPECT_EQ(store.admin_token(), admin);
    EXPECT_EQ(store.view_token(), view);
    TokenStore again(file_);
    EXPECT_EQ(again.token_for_mix("bass"), renewed);
    EXPECT_EQ(again.token_for_mix("drums"), drums);
}

TEST_F(TokenStoreTest, ARemovedMixsTokenIsDropped) {
    TokenStore store(file_);
    const std::string bass = store.token_for_mix("bass"), drums = store.token_for_mix("drums");
    store.forget("bass");
    EXPECT_FALSE(store.scope_for(bass));
    EXPECT_FALSE(read()["mixes"].contains("bass"));
    TokenStore again(file_);
    EXPECT_FALSE(again.scope_for(bass));
    EXPECT_EQ(again.scope_for(drums)->mix, "drums");
    EXPECT_NE(again.token_for_mix("bass"), bass);  // a new mix of the same name gets a new link
}

TEST_F(TokenStoreTest, ACorruptFileIsSaidAndReplaced) {
    write("{\"format\": \"headamp-remote-tokens-1\", \"admin\": ");
    ::testing::internal::CaptureStderr();
    TokenStore store(file_);
    const std::string log = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(log.find("not a headamp token file"), std::string::npos) << log;
    EXPECT_NE(log.find(file_.string()), std::string::npos) << log;
    EXPECT_EQ(read()["format"], "headamp-remote-tokens-1");
    const std::string admin = store.admin_token();
    EXPECT_EQ(TokenStore(file_).admin_token(), admin);
}

TEST_F(TokenStoreTest, AFileWithSomeBadTokensKeepsTheGoodOnes) {
    std::string admin, drums;
    {
        TokenStore store(file_);
        admin = store.admin_token();
        drums = store.token_for_mix("drums");
    }
    json j = read();
    j["view"] = 42;
    j["mixes"]["bass"] = "short";
    write(j.dump());
    ::testing::internal::CaptureStderr();
    TokenStore store(file_);
    const std::string log = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(log.find("2 unreadable token(s)"), std::string::npos) << log;
    EXPECT_EQ(store.scope_for(admin)->level, AccessLevel::admin);
    EXPECT_EQ(store.scope_for(drums)->mix, "drums");
    EXPECT_FALSE(store.scope_for("short"));
    EXPECT_FALSE(read()["mixes"].contains("bass"));  // replaced on disk: the bad entries are gone
    EXPECT_FALSE(read().contains("view"));
    const std::string bass = store.token_for_mix("bass");
    EXPECT_EQ(bass.size(), 32u);
}

TEST_F(TokenStoreTest, AFileOthersMayReadIsNotTrusted) {
    std::string admin;
    {
        TokenStore store(file_);
        admin = store.admin_token();
    }
    ASSERT_EQ(chmod(file_.c_str(), 0644), 0);
    ::testing::internal::CaptureStderr();
    TokenStore store(file_);
    const std::string log = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(log.find("others may read"), std::string::npos) << log;
    EXPECT_FALSE(store.scope_for(admin));
    EXPECT_EQ(mode(), 0600u);
    EXPECT_NE(store.admin_token(), admin);
}

TEST_F(TokenStoreTest, AFileOfAnotherUserIsNotTrusted) {
    if (geteuid() != 0) GTEST_SKIP() << "giving a file to another user needs root";
    std::string admin;
    {
        TokenStore store(file_);
        admin = store.admin_token();
    }
    ASSERT_EQ(chown(file_.c_str(), 65534, 65534), 0);
    ::testing::internal::CaptureStderr();
    TokenStore store(file_);
    const std::string log = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(log.find("belongs to user 65534"), std::string::npos) << log;
    EXPECT_FALSE(store.scope_for(admin));
    struct stat st {};
    ASSERT_EQ(stat(file_.c_str(), &st), 0);
    EXPECT_EQ(st.st_uid, geteuid());  // replaced by a file of this user's
}

TEST_F(TokenStoreTest, ALinkInsteadOfAFileIsNotFollowed) {
    const fs::path elsewhere = dir_ / "elsewhere.json";
    std::ofstream(elsewhere) << "{}";
    fs::create_symlink(elsewhere, file_);
    ::testing::internal::CaptureStderr();
    TokenStore store(file_);
    const std::string log = ::testing::internal::GetCapturedStderr();
    EXPECT_NE(log.find("not a regular file"), std::string::npos) << log;
    store.admin_token();
    EXPECT_FALSE(fs::is_symlink(file_));
    std::ifstream in(elsewhere);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "{}");
}

}  // namespace
}  // namespace headamp::remote
