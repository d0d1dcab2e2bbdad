// headamp: wiring only. Global options, then a subcommand (commands.cpp) or the mixer screen (tui/).
#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/tui/tui.hpp"

using namespace headamp;

int main(int argc, char** argv) {
    cli::Invocation inv;
    const std::vector<std::string> args(argv + 1, argv + argc);
    bool options_done = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (options_done || a.rfind("--", 0) != 0 || a == "--output" || a.rfind("--output=", 0) == 0 ||
            a == "--meters" || a == "--count") {
            // Not a global option (levels like -6dB start with one dash; subcommand options stay with it).
            if (a == "--output" || a == "--meters" || a == "--count") {
                inv.args.push_back(a);
                if (i + 1 < args.size()) inv.args.push_back(args[++i]);
                continue;
            }
            inv.args.push_back(a);
            continue;
        }
        if (a == "--") {
            options_done = true;
        } else if (a == "--json") {
            inv.json = true;
        } else if (a == "--socket" || a.rfind("--socket=", 0) == 0) {
            if (a == "--socket" && i + 1 >= args.size()) {
                std::cerr << "headamp: option '--socket' needs a path\n";
                return cli::kUsageError;
            }
            inv.socket = a == "--socket" ? args[++i] : a.substr(9);
        } else if (a == "--help") {
            std::cout << cli::usage_text();
            return cli::kSuccess;
        } else if (a == "--version") {
            std::cout << "headamp " << HEADAMP_VERSION << "\n";
            return cli::kSuccess;
        } else {
            std::cerr << "headamp: unknown option '" << a << "'\nTry 'headamp --help'.\n";
            return cli::kUsageError;
        }
    }
    if (!inv.args.empty() && (inv.args[0] == "-h" || inv.args[0] == "help")) {
        std::cout << cli::usage_text();
        return cli::kSuccess;
    }
    if (inv.args.empty()) return cli::tui::run(inv.socket);
    return cli::run_command(inv);
}
