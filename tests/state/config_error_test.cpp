// Config files that must be refused: each error names the file, the line and the key, and says what is valid.
#include <gtest/gtest.h>

#include <initializer_list>
#include <random>
#include <string>

#include "state/config.hpp"

namespace headamp::state {
namespace {

std::string lines(std::initializer_list<const char*> text) {
    std::string joined;
    for (const char* line : text) joined += std::string(line) + "\n";
    return joined;
}

// The message of the ConfigError that parsing `text` throws; a test failure when it throws nothing.
std::string error_of(const std::string& text) {
    try {
        parse_config(text, "bad.conf");
    } catch (const ConfigError& e) {
        return e.what();
    }
    ADD_FAILURE() << "no ConfigError for:\n" << text;
    return {};
}

// Checks that the error is reported at `line` of bad.conf and mentions every one of `parts`.
void expect_error(const std::string& text, int line, std::initializer_list<const char*> parts) {
    const std::string message = error_of(text);
    EXPECT_EQ(message.rfind("bad.conf:" + std::to_string(line) + ":", 0), 0u) << message;
    for (const char* part : parts)
        EXPECT_NE(message.find(part), std::string::npos) << "\"" << part << "\" not in: " << message;
}

// A source "vox" and a mix "m", to which each test appends the line it is about.
std::string with_mix(std::initializer_list<const char*> mix_lines) {
    std::string text = lines({"[[source]]", "name = \"vox\"", "ports = [\"x:1\"]", "[[mix]]", "name = \"m\""});
    for (const char* line : mix_lines) text += std::string(line) + "\n";
    return text;  // the first appended line is line 6
}

TEST(ConfigError, TomlSyntaxErrorsAreLocated) {
    expect_error(lines({"[jack", "server = \"x\""}), 1, {"not valid TOML"});
    expect_error(lines({"[jack]", "start_server = yes"}), 2, {"not valid TOML"});
    expect_error(lines({"[jack]", "server = \"a\"", "server = \"b\""}), 3, {"not valid TOML", "server"});
    expect_error(lines({"[[mix]]", "name = \"unterminated"}), 2, {"not valid TOML"});
}

TEST(ConfigError, UnknownKeysAreRefusedEverywhere) {
    expect_error(lines({"[jak]"}), 1, {"unknown key 'jak'", "top level", "jack, source, mix"});
    expect_error(lines({"[jack]", "strat_server = true"}), 2,
                 {"strat_server", "[jack]", "server, start_server, connect_physical"});
    expect_error(lines({"[[source]]", "name = \"a\"", "ports = [\"x:1\"]", "trimdb = 3"}), 4,
                 {"trimdb", "[[source]]", "trim_db"});
    expect_error(with_mix({"master = 3"}), 6, {"master", "[[mix]]", "master_db"});
    expect_error(with_mix({"[mix.eq]", "enable = true"}), 7, {"enable", "[mix.eq]", "enabled"});
    expect_error(with_mix({"[mix.eq]", "low = { freq = 100 }"}), 7, {"freq", "[mix.eq.low]", "freq_hz"});
    expect_error(with_mix({"[mix.send.vox]", "levl_db = -6"}), 7, {"levl_db", "[mix.send.vox]", "level_db"});
}

TEST(ConfigError, TheFirstUnknownKeyInTheFileIsReported) {
    // toml++ sorts keys; the message must still point at the one the user wrote first.
    expect_error(lines({"[jack]", "zzz = 1", "aaa = 2"}), 2, {"zzz"});
}

TEST(ConfigError, WrongTypesAreRefused) {
    expect_error(lines({"[jack]", "start_server = \"yes\""}), 2, {"jack.start_server", "true or false", "a string"});
    expect_error(lines({"[jack]", "server = 3"}), 2, {"jack.server", "a string", "an integer"});
    expect_error(lines({"jack = 1"}), 1, {"jack", "a table"});
    expect_error(lines({"[source]", "name = \"a\""}), 1, {"source", "array of tables", "[[source]]"});
    expect_error(lines({"mix = [1, 2]"}), 1, {"mix", "must be a table", "an integer"});
    expect_error(lines({"[[source]]", "name = 5", "ports = [\"x:1\"]"}), 2, {"source.name", "a string"});
    expect_error(lines({"[[source]]", "name = \"a\"", "ports = \"x:1\""}), 3, {"source.ports", "array", "a string"});
    expect_error(lines({"[[source]]", "name = \"a\"", "ports = [1]"}), 3, {"source.ports", "a string", "an integer"});
    expect_error(lines({"[[source]]", "name = \"a\"", "ports = [\"x:1\"]", "trim_db = \"3\""}), 4,
                 {"source.trim_db", "a number", "a string"});
    expect_error(lines({"[[source]]", "name = \"a\"", "ports = [\"x:1\"]", "invert = 1"}), 4,
                 {"source.invert", "true or false"});
    expect_error(with_mix({"mute = 0"}), 6, {"mix.mute", "true or false", "an integer"});
    expect_error(with_mix({"pan_law = 3"}), 6, {"mix.pan_law", "a string"});
    expect_error(with_mix({"eq = 5"}), 6, {"mix.eq", "a table"});
    expect_error(with_mix({"send = [1]"}), 6, {"mix.send", "a table"});
    expect_error(with_mix({"send.vox = 3"}), 6, {"mix.send.vox", "a table", "an integer"});
    expect_error(with_mix({"[mix.send.vox]", "level_db = true"}), 7, {"mix.send.vox.level_db", "a boolean"});
    expect_error(with_mix({"[mix.send.vox]", "level_db = \"loud\""}), 7, {"mix.send.vox.level_db", "\"-inf\"", "loud"});
    expect_error(with_mix({"[mix.send.vox]", "solo = \"true\""}), 7, {"mix.send.vox.solo", "true or false"});
    expect_error(with_mix({"[mix.eq]", "low = 100"}), 7, {"mix.eq.low", "a table"});
    expect_error(with_mix({"master_db = 1979-05-27"}), 6, {"mix.master_db", "a date"});
}

TEST(ConfigError, OutOfRangeValuesAreRefusedWithTheirRange) {
    const std::string source = lines({"[[source]]", "name = \"a\"", "ports = [\"x:1\"]"});
    expect_error(source + "trim_db = 24.5\n", 4, {"source.trim_db", "-24 to 24", "24.5"});
    expect_error(with_mix({"master_db = 25"}), 6, {"mix.master_db", "-120 to 24", "25"});
    expect_error(with_mix({"master_db = -121"}), 6, {"mix.master_db", "-120 to 24"});
    expect_error(with_mix({"limiter_ceiling_db = 0.5"}), 6, {"mix.limiter_ceiling_db", "-60 to 0"});
    expect_error(with_mix({"limiter_ceiling_db = -61"}), 6, {"mix.limiter_ceiling_db", "-60 to 0"});
    expect_error(with_mix({"[mix.send.vox]", "level_db = 12.5"}), 7,
                 {"mix.send.vox.level_db", "-120 to 12 or \"-inf\"", "12.5"});
    expect_error(with_mix({"[mix.send.vox]", "level_db = -130"}), 7, {"mix.send.vox.level_db", "-120 to 12"});
    expect_error(with_mix({"[mix.send.vox]", "pan = 101"}), 7, {"mix.send.vox.pan", "-100 to 100", "101"});
    expect_error(with_mix({"[mix.send.vox]", "pan = -100.5"}), 7, {"mix.send.vox.pan", "-100 to 100"});
    expect_error(with_mix({"[mix.eq]", "low = { freq_hz = 5 }"}), 7, {"mix.eq.low.freq_hz", "10 to 24000"});
    expect_error(with_mix({"[mix.eq]", "mid = { gain_db = 19 }"}), 7, {"mix.eq.mid.gain_db", "-18 to 18"});
    expect_error(with_mix({"[mix.eq]", "high = { q = 0 }"}), 7, {"mix.eq.high.q", "0.1 to 20"});
    expect_error(with_mix({"pan_law = \"-4.5dB\""}), 6, {"mix.pan_law", "\"-3dB\"", "\"-6dB\"", "\"0dB\"", "-4.5dB"});
    expect_error(lines({"[jack]", "server_period = 1000"}), 2, {"jack.server_period", "power of two", "1000"});
    expect_error(lines({"[jack]", "bridge_period = 768"}), 2, {"jack.bridge_period", "power of two", "768"});
    expect_error(lines({"[jack]", "bridge_period = 16384"}), 2, {"jack.bridge_period", "16 to 8192"});
    expect_error(lines({"[jack]", "bridge_period = 256.5"}), 2, {"jack.bridge_period", "whole number"});
    expect_error(lines({"[jack]", "bridge_nperiods = 1"}), 2, {"jack.bridge_nperiods", "2 to 16"});
}

TEST(ConfigError, NanAndInfinityAreRefused) {
    const std::string source = lines({"[[source]]", "name = \"a\"", "ports = [\"x:1\"]"});
    expect_error(source + "trim_db = nan\n", 4, {"source.trim_db", "nan and inf"});
    expect_error(source + "trim_db = -inf\n", 4, {"source.trim_db", "nan and inf"});
    expect_error(with_mix({"master_db = inf"}), 6, {"mix.master_db", "nan and inf"});
    expect_error(with_mix({"limiter_ceiling_db = -nan"}), 6, {"mix.limiter_ceiling_db"});
    expect_error(with_mix({"[mix.send.vox]", "level_db = +inf"}), 7, {"mix.send.vox.level_db", "nan and inf"});
    expect_error(with_mix({"[mix.send.vox]", "level_db = nan"}), 7, {"mix.send.vox.level_db", "nan and inf"});
    expect_error(with_mix({"[mix.send.vox]", "pan = -inf"}), 7, {"mix.send.vox.pan", "nan and inf"});
    expect_error(with_mix({"[mix.eq]", "low = { freq_hz = inf }"}), 7, {"mix.eq.low.freq_hz", "nan and inf"});
}

TEST(ConfigError, DuplicateNamesAreRefused) {
    expect_error(lines({"[[source]]", "name = \"vox\"", "ports = [\"x:1\"]", "[[source]]", "name = \"vox\"",
                        "ports = [\"x:2\"]"}),
                 5, {"source name 'vox'", "already used at line 2"});
    expect_error(with_mix({"[[mix]]", "name = \"m\""}), 7, {"mix name 'm'", "already used at line 5"});
    // A source and a mix may share a name: they live in different JACK port sets.
    EXPECT_NO_THROW(parse_config(with_mix({"[[mix]]", "name = \"vox\""}), "ok.conf"));
}

TEST(ConfigError, SendToAnUnknownSourceIsRefused) {
    expect_error(with_mix({"[mix.send.voxx]", "level_db = -6"}), 6, {"mix.send.voxx", "names no source", "'vox'"});
    expect_error(lines({"[[mix]]", "name = \"m\"", "send.\"lead vox\".pan = 10"}), 3,
                 {"mix.send.\"lead vox\"", "no [[source]]"});
}

TEST(ConfigError, PortListsOfTheWrongLengthAreRefused) {
    const std::string source = lines({"[[source]]", "name = \"a\""});
    expect_error(source + "ports = []\n", 3, {"source.ports", "1 or 2", "not 0"});
    expect_error(source + "ports = [\"x:1\", \"x:2\", \"x:3\"]\n", 3, {"source.ports", "1 or 2", "not 3"});
    expect_error(source + "ports = [\"x:1\", \"\"]\n", 3, {"source.ports", "empty"});
    expect_error(source, 1, {"[[source]]", "needs ports = ["});
    expect_error(with_mix({"outputs = [\"y:1\"]"}), 6, {"mix.outputs", "exactly 2", "not 1"});
    expect_error(with_mix({"outputs = [\"y:1\", \"y:2\", \"y:3\"]"}), 6, {"mix.outputs", "exactly 2", "not 3"});
    expect_error(with_mix({"outputs = [\"y:1\", 2]"}), 6, {"mix.outputs", "a string", "an integer"});
}

TEST(ConfigError, EmptyOrMissingNamesAreRefused) {
    expect_error(lines({"[[source]]", "name = \"\"", "ports = [\"x:1\"]"}), 2, {"source.name", "empty"});
    expect_error(lines({"[[source]]", "ports = [\"x:1\"]"}), 1, {"[[source]]", "needs a name"});
    expect_error(lines({"[[mix]]", "name = \"\""}), 2, {"mix.name", "empty"});
    expect_error(lines({"[[mix]]", "mute = true"}), 1, {"[[mix]]", "needs a name"});
    expect_error(lines({"[jack]", "server = \"\""}), 2, {"jack.server", "empty"});
}

TEST(ConfigError, NamesUnsafeInJackPortNamesAreRefused) {
    expect_error(lines({"[[mix]]", "name = \"a:b\""}), 2, {"mix.name", "letters, digits", "':'"});
    expect_error(lines({"[[mix]]", "name = \"a/b\""}), 2, {"mix.name", "'/'"});
    expect_error(lines({"[[mix]]", "name = \"tab\\there\""}), 2, {"mix.name", "other characters"});
    expect_error(lines({"[[mix]]", "name = \"caf\u00e9\""}), 2, {"mix.name", "other characters"});
    expect_error(lines({"[[mix]]", "name = \" drums\""}), 2, {"mix.name", "space"});
    expect_error(lines({"[[mix]]", ("name = \"" + std::string(65, 'x') + "\"").c_str()}), 2,
                 {"mix.name", "at most 64"});
    expect_error(lines({"[[source]]", "name = \"a*\"", "ports = [\"x:1\"]"}), 2, {"source.name", "'*'"});
    const Config ok = parse_config(lines({"[[mix]]", "name = \"Drums-2_b.mix x\""}), "ok.conf");
    EXPECT_EQ(ok.graph.mixes.at(0).name, "Drums-2_b.mix x");
}

TEST(ConfigError, TooManyChannelsAreRefused) {
    std::string text;
    for (int i = 0; i < core::kMaxChannels / 2; ++i)
        text += "[[source]]\nname = \"s" + std::to_string(i) + "\"\nports = [\"a:1\", \"a:2\"]\n";
    text += "[[source]]\nname = \"one-too-many\"\nports = [\"a:3\"]\n";
    const int line = 3 * (core::kMaxChannels / 2) + 3;
    expect_error(text, line, {"too many channels", "256"});
}

TEST(ConfigError, TooManyMixesAreRefused) {
    std::string text;
    for (int i = 0; i <= core::kMaxMixes; ++i) text += "[[mix]]\nname = \"m" + std::to_string(i) + "\"\n";
    expect_error(text, 2 * core::kMaxMixes + 1, {"too many mixes", "32"});
}

TEST(ConfigError, NonUtf8InputIsAnErrorNotACrash) {
    expect_error("\xff\xfe[jack]\n", 1, {"not valid TOML"});
    expect_error(lines({"[jack]", "server = \"\xc3\x28\""}), 2, {"not valid TOML"});
    expect_error(lines({"[jack]", "server = \"\xed\xa0\x80\""}), 2, {"not valid TOML"});  // a UTF-16 surrogate
    expect_error(std::string("[jack]\nserver = \"a\0b\"\n", 20), 2, {"not valid TOML"});
    expect_error(lines({"# comment \x80", "[jack]"}), 1, {"not valid TOML"});
}

TEST(ConfigError, ArbitraryBytesGiveAConfigOrAConfigErrorOnly) {
    // Truncations and random corruptions of a real file: parse_config may accept or refuse them, never crash
    // or throw anything but ConfigError.
    const std::string good = with_mix({"outputs = [\"y:1\", \"y:2\"]", "[mix.eq]", "low = { freq_hz = 90 }",
                                       "[mix.send.vox]", "level_db = -6", "pan = -30"});
    std::mt19937 random(1234);
    int refused = 0;
    for (int round = 0; round < 3000; ++round) {
        std::string text = good.substr(0, random() % (good.size() + 1));
        for (int flips = round % 4; flips > 0 && !text.empty(); --flips)
            text[random() % text.size()] = static_cast<char>(random() % 256);
        try {
            parse_config(text, "fuzz.conf");
        } catch (const ConfigError& e) {
            ++refused;
            EXPECT_EQ(std::string(e.what()).rfind("fuzz.conf", 0), 0u) << e.what();
        }
    }
    EXPECT_GT(refused, 0);
}

TEST(ConfigError, OscSettingsAreChecked) {
    expect_error(lines({"[osc]", "port = 70000"}), 2, {"osc.port", "65535"});
    expect_error(lines({"[osc]", "port = 9000", "listen = \"localhost\""}), 3, {"osc.listen", "IP address"});
    expect_error(lines({"[osc]", "port = 9000", "allow = [\"10.0.0.0/33\"]"}), 3, {"osc.allow", "ADDR/PREFIX"});
    expect_error(lines({"[osc]", "port = 9000", "allow = \"10.0.0.1\""}), 3, {"osc.allow", "array"});
    expect_error(lines({"[osc]", "prot = 9000"}), 2, {"prot"});
}

TEST(ConfigError, RemoteSettingsAreChecked) {
    expect_error(lines({"[remote]", "listen = \"8080\""}), 2, {"remote.listen", "ADDR:PORT"});
    expect_error(lines({"[remote]", "listen = \"localhost:8080\""}), 2, {"remote.listen", "ADDR:PORT"});
    expect_error(lines({"[remote]", "listen = \":::8080\""}), 2, {"remote.listen", "[::]:8080"});
    expect_error(lines({"[remote]", "listen = \"0.0.0.0:70000\""}), 2, {"remote.listen"});
    expect_error(lines({"[remote]", "max_per_address = 0"}), 2, {"remote.max_per_address"});
    expect_error(lines({"[remote]", "port = 8080"}), 2, {"port"});
}

TEST(ConfigError, PipeWireProfileAndQuantumAreChecked) {
    expect_error(lines({"[pipewire]", "profile = \"desktop\""}), 2, {"pipewire.profile", "pro-audio", "keep"});
    expect_error(lines({"[pipewire]", "quantum = 1000"}), 2, {"pipewire.quantum", "power of two"});
    expect_error(lines({"[pipewire]", "latency = 3"}), 2, {"latency"});
}

}  // namespace
}  // namespace headamp::state
