// The access rules of a remote connection: what the admin, a view and a mix link may run, and every
// way a mix link could reach past its own mix refused.
#include "remote/access_scope.hpp"

#include <gtest/gtest.h>

namespace headamp::remote {
namespace {

using nlohmann::json;

const AccessScope kAdmin{AccessLevel::admin, ""};
const AccessScope kView{AccessLevel::view, ""};
const AccessScope kBass{AccessLevel::mix, "bass"};

bool allowed(const AccessScope& scope, const json& request) {
    const auto refusal = refusal_for(scope, request);
    return !refusal.has_value();
}

TEST(AccessScope, AdminMayRunEveryOperation) {
    for (const char* op :
         {"status",        "meters",        "subscribe",  "unsubscribe", "set", "master",  "link",
          "unlink",        "mix_add",       "mix_remove", "mix_route",   "eq",  "limit",   "snapshot_save",
          "snapshot_load", "snapshot_list", "controls",   "control",     "own", "more_me", "remote_renew"})
        EXPECT_TRUE(allowed(kAdmin, {{"op", op}, {"mix", "2"}})) << op;
    EXPECT_TRUE(allowed(kAdmin, {{"op", "master"}, {"mix", "dr"}, {"pan_law", "-6dB"}, {"mono", true}}));
}

TEST(AccessScope, ViewMayOnlyLook) {
    for (const char* op : {"status", "meters", "subscribe"}) EXPECT_TRUE(allowed(kView, {{"op", op}})) << op;
    EXPECT_TRUE(allowed(kView, {{"op", "subscribe"}, {"meters_hz", 20}, {"id", 7}}));
    for (const char* op : {"set", "master", "own", "more_me", "unsubscribe", "eq", "mix_add", "control", "remote"})
        EXPECT_TRUE(refusal_for(kView, {{"op", op}, {"mix", "bass"}})) << op;
}

TEST(AccessScope, ViewTryingSetIsRefusedSayingWhy) {
    const auto refusal = refusal_for(kView, {{"op", "set"}, {"mix", "bass"}, {"source", "in1"}, {"level_db", 0}});
    ASSERT_TRUE(refusal);
    EXPECT_NE(refusal->find("only look"), std::string::npos) << *refusal;
    EXPECT_NE(refusal->find("'set'"), std::string::npos) << *refusal;
}

TEST(AccessScope, MixMayLookAtEverything) {
    for (const char* op : {"status", "meters", "subscribe"}) EXPECT_TRUE(allowed(kBass, {{"op", op}})) << op;
}

TEST(AccessScope, MixMayChangeItsOwnMix) {
    EXPECT_TRUE(allowed(kBass, {{"id", 1}, {"op", "set"}, {"mix", "bass"}, {"source", "in1"}, {"level_db", -6}}));
    EXPECT_TRUE(allowed(kBass, {{"op", "set"}, {"mix", "bass"}, {"source", "2"}, {"pan", 0.5}, {"solo", true}}));
    EXPECT_TRUE(allowed(kBass, {{"op", "master"}, {"mix", "bass"}, {"level_db", -3}}));
    EXPECT_TRUE(allowed(kBass, {{"op", "master"}, {"mix", "bass"}, {"level_step_db", 1}, {"mute", "toggle"}}));
    EXPECT_TRUE(allowed(kBass, {{"op", "own"}, {"mix", "bass"}, {"source", "in1"}, {"own", true}}));
    EXPECT_TRUE(allowed(kBass, {{"op", "more_me"}, {"mix", "bass"}, {"step_db", 3}}));
}

TEST(AccessScope, MixRefusesAnotherMix) {
    for (const char* op : {"set", "master", "own", "more_me"}) {
        const auto refusal = refusal_for(kBass, {{"op", op}, {"mix", "drums"}, {"level_db", 0}});
        ASSERT_TRUE(refusal) << op;
        EXPECT_NE(refusal->find("only mix 'bass'"), std::string::npos) << *refusal;
    }
}

TEST(AccessScope, MixRefusesAnythingButItsExactName) {
    // A position, a prefix, another case, a JSON number or no mix at all could name somebody else's mix.
    for (const json& mix : {json("1"), json("2"), json("b"), json("bas"), json("Bass"), json("bass "), json(1),
                            json(nullptr), json::array({"bass"})})
        EXPECT_TRUE(refusal_for(kBass, {{"op", "set"}, {"mix", mix}, {"source", "in1"}, {"level_db", 0}})) << mix;
    EXPECT_TRUE(refusal_for(kBass, {{"op", "set"}, {"source", "in1"}, {"level_db", 0}}));
    EXPECT_TRUE(refusal_for(kBass, {{"op", "more_me"}, {"step_db", 3}}));
}

TEST(AccessScope, MixRefusesTheEngineersPartOfTheMaster) {
    for (const json& extra : {json{{"pan_law", "-6dB"}}, json{{"mono", true}}, json{{"colour", "red"}}}) {
        json request = {{"op", "master"}, {"mix", "bass"}, {"level_db", -3}};
        request.update(extra);
        const auto refusal = refusal_for(kBass, request);
        ASSERT_TRUE(refusal) << request;
        EXPECT_NE(refusal->find(extra.begin().key()), std::string::npos) << *refusal;
    }
}

TEST(AccessScope, MixRefusesOtherOperationsEvenOnItsOwnMix) {
    for (const char* op :
         {"eq", "limit", "mix_remove", "mix_route", "link", "unlink", "mix_add", "snapshot_load", "snapshot_save",
          "snapshot_list", "controls", "control", "unsubscribe", "remote", "remote_renew", "no_such_op"})
        EXPECT_TRUE(refusal_for(kBass, {{"op", op}, {"mix", "bass"}})) << op;
}

TEST(AccessScope, UnknownOperationIsRefusedForViewAndMix) {
    const auto refusal = refusal_for(kBass, {{"op", "frobnicate"}, {"mix", "bass"}});
    ASSERT_TRUE(refusal);
    EXPECT_NE(refusal->find("'frobnicate'"), std::string::npos) << *refusal;
    EXPECT_TRUE(refusal_for(kView, {{"op", "frobnicate"}}));
}

TEST(AccessScope, MalformedRequestsAreRefusedForEveryScope) {
    for (const AccessScope& scope : {kAdmin, kView, kBass})
        for (const json& request : {json::array({"status"}), json("status"), json(nullptr), json{{"mix", "bass"}},
                                    json{{"op", 3}}, json{{"op", nullptr}}})
            EXPECT_TRUE(refusal_for(scope, request)) << request;
}

}  // namespace
}  // namespace headamp::remote
