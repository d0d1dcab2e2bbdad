// headampd's command line.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace headamp::daemon {

struct Options {
    std::optional<std::string> server;       // --server NAME
    std::optional<std::string> config_file;  // --config FILE
    std::string client_name = "headamp";     // --name NAME
    std::optional<std::string> socket;       // --socket PATH (control socket)
    bool verbose = false;                    // --verbose
    bool help = false;
    bool version = false;
};

struct ParsedOptions {
    Options options;
    std::string error;  // non-empty: a usage error, already worded for the user
};

ParsedOptions parse_options(const std::vector<std::string>& args);
const char* usage();

}  // namespace headamp::daemon
