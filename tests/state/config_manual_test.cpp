// The examples in headamp.conf(5) are real config files: each one parses, into what the manual says.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "state/config.hpp"

namespace headamp::state {
namespace {

// The few roff escapes that the examples use, back to the characters they stand for.
std::string unroff(std::string line) {
    const std::pair<std::string, std::string> escapes[] = {
        {"\\-", "-"}, {"\\(dq", "\""}, {"\\(aq", "'"}, {"\\e", "\\"}};
    for (const auto& [escape, plain] : escapes)
        for (std::size_t at = line.find(escape); at != std::string::npos; at = line.find(escape, at + plain.size()))
            line.replace(at, escape.size(), plain);
    return line;
}

// The no-fill (.nf ... .fi) blocks of the EXAMPLES section.
std::vector<std::string> manual_examples() {
    const char* path = std::getenv("HEADAMP_CONF_MAN_PAGE");
    if (!path) return {};
    std::ifstream in(path);
    std::vector<std::string> examples;
    bool in_section = false, in_block = false;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(".SH", 0) == 0) in_section = line == ".SH EXAMPLES";
        if (!in_section) continue;
        if (line == ".nf") {
            in_block = true;
            examples.emplace_back();
        } else if (line == ".fi") {
            in_block = false;
        } else if (in_block) {
            examples.back() += unroff(line) + "\n";
        }
    }
    return examples;
}

TEST(ConfigManual, ExamplesParse) {
    ASSERT_NE(std::getenv("HEADAMP_CONF_MAN_PAGE"), nullptr) << "run by meson test, which names the manual";
    const std::vector<std::string> examples = manual_examples();
    ASSERT_EQ(examples.size(), 2u) << "in " << std::getenv("HEADAMP_CONF_MAN_PAGE");

    const Config band = parse_config(examples[0], "headamp.conf(5) example 1");
    ASSERT_EQ(band.graph.sources.size(), 3u);
    EXPECT_TRUE(band.graph.sources[1].stereo()) << "the keyboard is the stereo source";
    EXPECT_EQ(band.graph.sources[1].channels, (std::array<int, 2>{1, 2}));
    EXPECT_TRUE(band.graph.sources[2].invert);
    ASSERT_EQ(band.graph.mixes.size(), 2u);
    EXPECT_EQ(band.graph.mixes[0].name, "drummer");
    EXPECT_TRUE(band.graph.mixes[0].eq.enabled);
    EXPECT_EQ(band.graph.mixes[0].eq.high.q, core::Eq{}.high.q);
    EXPECT_EQ(band.graph.mixes[0].send_for("keys").level_db, core::kSilenceDb);
    EXPECT_DOUBLE_EQ(band.graph.mixes[0].send_for("vox").pan, -0.3);
    EXPECT_EQ(band.mix_outputs.at("singer")[1], "system:playback_4");
    EXPECT_EQ(band.jack.server, std::optional<std::string>("default"));

    const Config smallest = parse_config(examples[1], "headamp.conf(5) example 2");
    EXPECT_FALSE(smallest.jack.start_server);
    EXPECT_TRUE(smallest.jack.connect_physical);
    EXPECT_TRUE(smallest.graph.sources.empty());
}

}  // namespace
}  // namespace headamp::state
