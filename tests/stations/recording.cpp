// The station recorder's file (see recording.hpp): a fixed header, then each channel's samples.
#include "recording.hpp"

#include <fstream>
#include <stdexcept>

namespace headamp::test {

namespace {

struct Header {
    int64_t first_usecs;
    int64_t onset;
    double rate;
    int64_t channels;
    int64_t frames;
};

}  // namespace

void write_recording(const std::string& file, const Recording& recording) {
    const Header header{recording.first_usecs, recording.onset, recording.rate,
                        static_cast<int64_t>(recording.channels.size()),
                        recording.channels.empty() ? 0 : static_cast<int64_t>(recording.channels[0].size())};
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(&header), sizeof header);
    for (const auto& channel : recording.channels)
        out.write(reinterpret_cast<const char*>(channel.data()),
                  static_cast<std::streamsize>(channel.size() * sizeof(float)));
    if (!out) throw std::runtime_error("cannot write " + file);
}

Recording read_recording(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    Header header{};
    if (!in.read(reinterpret_cast<char*>(&header), sizeof header)) throw std::runtime_error("no recording in " + file);
    Recording recording{header.first_usecs, header.onset, header.rate, {}};
    for (int64_t c = 0; c < header.channels; ++c) {
        std::vector<float> channel(static_cast<std::size_t>(header.frames));
        if (!in.read(reinterpret_cast<char*>(channel.data()),
                     static_cast<std::streamsize>(channel.size() * sizeof(float))))
            throw std::runtime_error("short recording in " + file);
        recording.channels.push_back(std::move(channel));
    }
    return recording;
}

}  // namespace headamp::test
