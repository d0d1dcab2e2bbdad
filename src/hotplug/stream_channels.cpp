// Parsing of snd-usb-audio's stream0 proc file; written by hand because no library exposes it
// (libasound only gives channel counts by opening the PCM, which a busy device may refuse).
#include "hotplug/stream_channels.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <string>

#include "util/text.hpp"

namespace headamp::hotplug {

namespace {

// No UAC interface has more channels than this; a larger number means a corrupt file.
constexpr int max_channels = 1024;

// Upper bound on what we read: a real stream0 is a few KiB even for an 18i20.
constexpr std::size_t max_file_size = 1 << 20;

}  // namespace

StreamChannels parse_stream_channels(std::string_view text) noexcept {
    // The file is a header line, then "Playback:" and/or "Capture:" sections (at column 0) each
    // listing one or more "Interface/Altset" blocks with an indented "Channels: N" line.
    enum class Section { none, playback, capture };
    StreamChannels result;
    Section section = Section::none;

    while (!text.empty()) {
        const auto eol = text.find('\n');
        const std::string_view line = text.substr(0, eol);
        text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);

        const std::string_view content = trim(line);
        if (content.empty()) continue;
        const bool indented = line.front() == ' ' || line.front() == '\t';
        if (!indented) {
            if (content == "Playback:")
                section = Section::playback;
            else if (content == "Capture:")
                section = Section::capture;
            else
                section = Section::none;
            continue;
        }

        constexpr std::string_view key = "Channels:";
        if (section == Section::none || !content.starts_with(key)) continue;
        const std::string_view number = trim(content.substr(key.size()));
        int channels = 0;
        const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), channels);
        if (ec != std::errc{} || end != number.data() + number.size()) continue;
        if (channels <= 0 || channels > max_channels) continue;
        int& slot = section == Section::playback ? result.playback : result.capture;
        slot = std::max(slot, channels);
    }
    return result;
}

StreamChannels read_stream_channels(const std::filesystem::path& proc_root, int card_number) noexcept {
    if (card_number < 0) return {};
    try {
        const auto file = proc_root / "asound" / ("card" + std::to_string(card_number)) / "stream0";
        std::ifstream in(file, std::ios::binary);
        if (!in) return {};
        std::string text(max_file_size, '\0');
        in.read(text.data(), static_cast<std::streamsize>(text.size()));
        text.resize(static_cast<std::size_t>(in.gcount()));
        return parse_stream_channels(text);
    } catch (...) {
        // Out of memory or a filesystem error: the device is still worth reporting without counts.
        return {};
    }
}

}  // namespace headamp::hotplug
