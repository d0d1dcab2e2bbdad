// Fuzz target: the text of /proc/asound/cardN/stream0 as snd-usb-audio writes it, read for channel counts.
#include "fuzz_target.hpp"

#include <algorithm>
#include <string>

#include "hotplug/stream_channels.hpp"

using headamp::hotplug::parse_stream_channels;
using headamp::hotplug::StreamChannels;

namespace {

// True when the first line with something on it is indented: it then belongs to whatever section
// came before it, which a second copy of the text changes.
bool starts_indented(std::string_view text) {
    while (!text.empty()) {
        const std::string_view line = text.substr(0, text.find('\n'));
        if (line.find_first_not_of(" \t\r") != std::string_view::npos)
            return line.front() == ' ' || line.front() == '\t';
        text.remove_prefix(std::min(text.size(), line.size() + 1));
    }
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const StreamChannels counts = parse_stream_channels(text);
    FUZZ_CHECK(counts.playback >= 0 && counts.playback <= 1024, std::to_string(counts.playback));
    FUZZ_CHECK(counts.capture >= 0 && counts.capture <= 1024, std::to_string(counts.capture));
    // The counts are the largest over all altsets, so the file read twice over (a second copy of its
    // sections after the first) gives the same counts.
    if (!starts_indented(text)) {
        const std::string twice = std::string(text) + "\n" + std::string(text);
        FUZZ_CHECK(parse_stream_channels(twice) == counts, "the text read twice over gives other counts");
    }
    return 0;
}
