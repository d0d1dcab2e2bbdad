// Reads `amixer -c N contents` output (what alsa-info.sh records) into control descriptions for the test double.
#pragma once

#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

namespace headamp::alsa::test {

struct RecordedControl {
    unsigned numid = 0;
    std::string iface = "MIXER";
    std::string name;
    unsigned index = 0;
    std::string type;  // INTEGER, BOOLEAN, ENUMERATED (as amixer prints them)
    bool readable = true;
    bool writable = true;
    unsigned count = 1;
    long min = 0;
    long max = 0;
    long step = 0;
    std::vector<std::string> items;
    std::vector<long> values;
    std::vector<unsigned> tlv;  // rebuilt from the "| dB..." / "| chmap-..." line
};

class RecordingError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Throws RecordingError with the line number on anything it does not understand.
std::vector<RecordedControl> parse_amixer_contents(std::istream& in);
std::vector<RecordedControl> load_amixer_contents(const std::string& path);

}  // namespace headamp::alsa::test
