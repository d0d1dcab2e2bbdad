// Parsing of /proc/asound/cardN/stream0 into channel counts.
#include "hotplug/stream_channels.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace headamp::hotplug {
namespace {

std::string data(const std::string& name) {
    std::ifstream in(std::filesystem::path(HOTPLUG_TEST_DATA) / name, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    EXPECT_FALSE(text.str().empty()) << name;
    return text.str();
}

TEST(StreamChannels, RecordedInterfaces) {
    EXPECT_EQ(parse_stream_channels(data("scarlett-solo-3rd-gen.stream0")), (StreamChannels{2, 2}));
    EXPECT_EQ(parse_stream_channels(data("behringer-umc404hd.stream0")), (StreamChannels{4, 4}));
    EXPECT_EQ(parse_stream_channels(data("scarlett-18i20-3rd-gen.stream0")), (StreamChannels{20, 18}));
}

TEST(StreamChannels, TakesTheMaximumOverAltsetsPerDirection) {
    const std::string text =
        "Some Device at usb-1, high speed : USB Audio\n"
        "\n"
        "Playback:\n"
        "  Interface 1\n"
        "    Altset 1\n"
        "    Channels: 6\n"
        "    Altset 2\n"
        "    Channels: 10\n"
        "    Altset 3\n"
        "    Channels: 8\n"
        "\n"
        "Capture:\n"
        "  Interface 2\n"
        "    Altset 1\n"
        "    Channels: 1\n"
        "    Altset 2\n"
        "    Channels: 12\n";
    EXPECT_EQ(parse_stream_channels(text), (StreamChannels{10, 12}));
}

TEST(StreamChannels, PlaybackOnlyDevice) {
    // QEMU's usb-audio, as seen in the VM rig: no Capture section.
    const std::string text =
        "QEMU QEMU USB Audio at usb-0000:00:04.0-1, full speed : USB Audio\n"
        "\n"
        "Playback:\n"
        "  Status: Stop\n"
        "  Interface 1\n"
        "    Altset 1\n"
        "    Format: S16_LE\n"
        "    Channels: 2\n";
    EXPECT_EQ(parse_stream_channels(text), (StreamChannels{2, 0}));
}

TEST(StreamChannels, CrlfLineEndings) {
    EXPECT_EQ(parse_stream_channels("X\r\nCapture:\r\n    Channels: 4\r\n"), (StreamChannels{0, 4}));
}

TEST(StreamChannels, CorruptInputGivesZero) {
    EXPECT_EQ(parse_stream_channels(data("corrupt.stream0")), (StreamChannels{}));
    EXPECT_EQ(parse_stream_channels(""), (StreamChannels{}));
    EXPECT_EQ(parse_stream_channels("\n\n\n"), (StreamChannels{}));
    // A "Channels:" line outside a direction section is not attributed to either.
    EXPECT_EQ(parse_stream_channels("    Channels: 2\n"), (StreamChannels{}));
    // Absurd numbers are rejected, plausible ones around them kept.
    EXPECT_EQ(parse_stream_channels("Playback:\n    Channels: 100000\n    Channels: 8\n"), (StreamChannels{8, 0}));
    EXPECT_EQ(parse_stream_channels("Playback:\n    Channels: 0\n"), (StreamChannels{}));
    // Truncated in the middle of a number: no newline at the end is fine.
    EXPECT_EQ(parse_stream_channels("Capture:\n    Channels: 1"), (StreamChannels{0, 1}));
    const std::string with_nul("Capture:\n    Channels: 2\0\n", 26);
    EXPECT_EQ(parse_stream_channels(with_nul), (StreamChannels{}));
}

TEST(StreamChannels, MissingFileGivesZero) {
    const std::filesystem::path root = std::filesystem::temp_directory_path() / "headamp-no-such-proc";
    EXPECT_EQ(read_stream_channels(root, 1), (StreamChannels{}));
    EXPECT_EQ(read_stream_channels(root, -1), (StreamChannels{}));
}

TEST(StreamChannels, ReadsFromProcRoot) {
    const std::filesystem::path root =
        std::filesystem::temp_directory_path() /
        ("headamp-proc-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
    std::filesystem::create_directories(root / "asound" / "card7");
    std::ofstream(root / "asound" / "card7" / "stream0") << data("scarlett-18i20-3rd-gen.stream0");
    EXPECT_EQ(read_stream_channels(root, 7), (StreamChannels{20, 18}));
    EXPECT_EQ(read_stream_channels(root, 6), (StreamChannels{}));
    std::filesystem::remove_all(root);
}

}  // namespace
}  // namespace headamp::hotplug
