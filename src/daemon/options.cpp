// Parsing of headampd's arguments (kept out of main so it is testable and main stays wiring).
#include "daemon/options.hpp"

namespace headamp::daemon {

const char* usage() {
    return "Usage: headampd [OPTION]...\n"
           "The headamp daemon: a JACK client that mixes every input of your audio interfaces into\n"
           "stereo-correct headphone mixes. Control it with headamp(1).\n"
           "\n"
           "  -s, --server NAME   JACK server to join (default: $JACK_DEFAULT_SERVER, else JACK's default)\n"
           "  -c, --config FILE   config file (default: $XDG_CONFIG_HOME/headamp/headamp.conf)\n"
           "  -n, --name NAME     JACK client name (default: headamp)\n"
           "      --socket PATH   control socket (default: $HEADAMP_SOCKET, else\n"
           "                      $XDG_RUNTIME_DIR/headamp/control, else /tmp/headamp-$UID/control)\n"
           "  -v, --verbose       log debugging messages too\n"
           "  -h, --help          show this help and exit\n"
           "      --version       show the version and exit\n"
           "\n"
           "headampd keeps running when the JACK server goes away and rejoins it when it is back.\n"
           "It stops cleanly on SIGINT or SIGTERM. See headampd(8) and headamp.conf(5).\n";
}

ParsedOptions parse_options(const std::vector<std::string>& args) {
    ParsedOptions parsed;
    Options& o = parsed.options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        const auto value = [&](const char* what) -> std::optional<std::string> {
            const auto eq = a.find('=');
            if (a.rfind("--", 0) == 0 && eq != std::string::npos) return a.substr(eq + 1);
            if (i + 1 < args.size()) return args[++i];
            parsed.error = "option '" + a + "' needs " + what;
            return std::nullopt;
        };
        const auto is = [&](const char* s, const char* l) {
            const std::string longname = l;
            return a == s || a == longname || a.rfind(longname + "=", 0) == 0;
        };
        if (is("-s", "--server")) {
            if (auto v = value("a JACK server name")) o.server = *v;
        } else if (is("-c", "--config")) {
            if (auto v = value("a file name")) o.config_file = *v;
        } else if (is("-n", "--name")) {
            if (auto v = value("a client name")) o.client_name = *v;
        } else if (is("--socket", "--socket")) {
            if (auto v = value("a socket path")) o.socket = *v;
        } else if (a == "-v" || a == "--verbose") {
            o.verbose = true;
        } else if (a == "-h" || a == "--help") {
            o.help = true;
        } else if (a == "--version") {
            o.version = true;
        } else {
            parsed.error = "unknown argument '" + a + "'";
        }
        if (!parsed.error.empty()) return parsed;
    }
    if (o.client_name.empty()) parsed.error = "the JACK client name must not be empty";
    if (o.socket && o.socket->empty()) parsed.error = "the socket path must not be empty";
    if (o.server && o.server->empty()) parsed.error = "the JACK server name must not be empty";
    return parsed;
}

}  // namespace headamp::daemon
