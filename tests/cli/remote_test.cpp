// headamp remote against the real daemon: the links' JSON shape while the page is off, a renewal that
// changes one token only, tokens kept in a private file across a restart, and a removed mix's token gone.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <regex>

#include "run_headamp.hpp"

using namespace headamp::test;

namespace {

class Remote : public CliTest {
protected:
    Remote() : CliTest("remote") {}
    std::map<std::string, std::string> tokens() {
        const json r = ok_json({"remote"});
        std::map<std::string, std::string> t{{"admin", r["admin_token"]}, {"view", r["view_token"]}};
        for (const json& m : r["mixes"]) t["mix " + m["mix"].get<std::string>()] = m["token"];
        return t;
    }
};

bool is_token(const json& t) {
    return t.is_string() && std::regex_match(t.get<std::string>(), std::regex("[0-9a-f]{32}"));
}

TEST_F(Remote, WhileThePageIsOffItGivesTheTokensAndNoLinks) {
    const json r = ok_json({"remote"});
    ASSERT_EQ(r["mixes"].size(), 1u) << r.dump();
    EXPECT_EQ(r["mixes"][0]["mix"], "mix1");
    EXPECT_TRUE(is_token(r["mixes"][0]["token"])) << r.dump();
    EXPECT_FALSE(r["mixes"][0].contains("url"));
    EXPECT_TRUE(is_token(r["admin_token"]));
    EXPECT_TRUE(is_token(r["view_token"]));
    EXPECT_EQ(r["page"], "off");
    EXPECT_EQ(r["osc_port"], nullptr);
    EXPECT_FALSE(r.contains("admin_url"));
    EXPECT_FALSE(r.contains("view_url"));
    std::set<std::string> distinct{r["mixes"][0]["token"], r["admin_token"], r["view_token"]};
    EXPECT_EQ(distinct.size(), 3u);

    const Result text = headamp({"remote"});
    EXPECT_EQ(text.status, 0) << text.err;
    EXPECT_NE(text.out.find("The phone page is off: set [remote] listen"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("mix mix1  " + r["mixes"][0]["token"].get<std::string>()), std::string::npos) << text.out;
}

TEST_F(Remote, RenewChangesOnlyThatMixsToken) {
    ASSERT_EQ(headamp({"mix", "add", "bass"}).status, 0);
    const auto before = tokens();
    ASSERT_EQ(before.size(), 4u);
    const Result r = headamp({"remote", "renew", "bass"});
    EXPECT_EQ(r.status, 0) << r.err;
    const auto after = tokens();
    EXPECT_NE(after.at("mix bass"), before.at("mix bass"));
    EXPECT_EQ(r.out, "mix bass has a new token: " + after.at("mix bass") + "\n");
    for (const char* same : {"mix mix1", "admin", "view"}) EXPECT_EQ(after.at(same), before.at(same)) << same;

    const json renewed = ok_json({"remote", "renew", "1"});  // by number, as any mix
    EXPECT_EQ(renewed["mix"], "mix1");
    EXPECT_TRUE(is_token(renewed["token"]));
    EXPECT_EQ(tokens().at("mix bass"), after.at("mix bass"));

    const Result unknown = headamp({"remote", "renew", "drums"});
    EXPECT_EQ(unknown.status, 1);
    EXPECT_NE(unknown.err.find("there is no mix 'drums'"), std::string::npos) << unknown.err;
    EXPECT_EQ(headamp({"remote", "renew"}).status, 2);
    EXPECT_EQ(headamp({"remote", "extra"}).status, 2);
}

TEST_F(Remote, TokensAreKeptInAPrivateFileAcrossARestart) {
    const auto before = tokens();
    const std::string file = daemon->state_home + "/headamp/remote-tokens.json";
    struct stat st {};
    ASSERT_EQ(stat(file.c_str(), &st), 0) << file;
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    daemon->process.reset();
    daemon->start();
    EXPECT_EQ(tokens(), before);
}

TEST_F(Remote, ARemovedMixsTokenIsGoneAndANewMixOfItsNameGetsANewOne) {
    ASSERT_EQ(headamp({"mix", "add", "bass"}).status, 0);
    const std::string old = tokens().at("mix bass");
    ASSERT_EQ(headamp({"mix", "remove", "bass"}).status, 0);
    const std::string file = daemon->state_home + "/headamp/remote-tokens.json";
    std::ifstream in(file);
    const json saved = json::parse(in);
    EXPECT_FALSE(saved["mixes"].contains("bass")) << saved.dump();
    ASSERT_EQ(headamp({"mix", "add", "bass"}).status, 0);
    EXPECT_NE(tokens().at("mix bass"), old);
}

}  // namespace
