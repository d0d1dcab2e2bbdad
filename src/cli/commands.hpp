// headamp with arguments: the amixer-style subcommands, each one request (or a stream, for monitor).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace headamp::cli {

enum ExitStatus { kSuccess = 0, kRefused = 1, kUsageError = 2, kNotRunning = 3 };

struct Invocation {
    std::optional<std::string> socket;  // --socket PATH
    bool json = false;                  // --json
    std::vector<std::string> args;      // the subcommand and its arguments
};

// Runs one subcommand; prints to stdout/stderr and returns the exit status.
int run_command(const Invocation& invocation);

const char* usage_text();

// How to start the daemon, for the "not running" messages of the command and the TUI.
const char* start_hint();

}  // namespace headamp::cli
