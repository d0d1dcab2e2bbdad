// What the station recorder hands to a test: its samples and when the first of them was heard,
// in jack_get_time()'s clock (CLOCK_MONOTONIC_RAW, the same for every JACK server on the machine).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace headamp::test {

struct Recording {
    int64_t first_usecs = 0;  // when recorded sample 0 was due, in jack_get_time() microseconds
    int64_t onset = 0;        // index of the first non-zero sample on any channel
    double rate = 48000.0;
    std::vector<std::vector<float>> channels;
};

void write_recording(const std::string& file, const Recording& recording);
Recording read_recording(const std::string& file);  // throws when the file is missing or short

}  // namespace headamp::test
