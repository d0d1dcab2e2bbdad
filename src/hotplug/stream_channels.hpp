// Channel counts of a USB audio card, read from snd-usb-audio's /proc/asound/cardN/stream0.
#pragma once

#include <filesystem>
#include <string_view>

namespace headamp::hotplug {

struct StreamChannels {
    int playback = 0;
    int capture = 0;

    bool operator==(const StreamChannels&) const = default;
};

// Parses the text of a stream0 file: the largest "Channels: N" over all altsets, per direction.
// Anything unexpected (garbage, absurd numbers, truncation) is skipped, never thrown.
StreamChannels parse_stream_channels(std::string_view text) noexcept;

// Reads <proc_root>/asound/card<card_number>/stream0; {0, 0} when it is missing or unreadable.
StreamChannels read_stream_channels(const std::filesystem::path& proc_root, int card_number) noexcept;

}  // namespace headamp::hotplug
