// A private PipeWire + WirePlumber per test (see pipewire_stack.hpp).
#include "pipewire_stack.hpp"

#include <unistd.h>

#include <array>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace headamp::test {

using namespace std::chrono_literals;

namespace {

std::string positions(const char* prefix, int n) {
    std::string list;
    for (int i = 0; i < n; ++i) list += std::string(prefix) + std::to_string(i) + " ";
    return list;
}

// The PipeWire tree tests/pipewire/with-pipewire chose (PipeWire 1.4 unpacked from bookworm-backports), or ""
// for the system's.
std::string pipewire_root() {
    const char* root = std::getenv("HEADAMP_PIPEWIRE_ROOT");
    return root ? root : "";
}

std::string program(const std::string& name) { return pipewire_root() + "/usr/bin/" + name; }

// One adapter node of a fake card, with the properties an ALSA card's node carries that headamp
// reads: media.class, api.alsa.pcm.card, the profile's mapping (device.profile.name) and positions:
// AUXn in Pro Audio, FL FR in the desktop profile. A fake card has no PipeWire device object (only a
// real ALSA card makes one), so headamp ties these nodes to the card by their own api.alsa.pcm.card;
// the device path is covered by tests/pipewire/graph_model_test.cpp.
std::string node(const FakeCard& card, bool source) {
    const int channels = source ? card.inputs : card.outputs;
    std::ostringstream o;
    o << "  { factory = adapter\n    args = {\n"
      << "      factory.name = support.null-audio-sink\n"
      << "      node.name = \"" << PipeWireStack::node_name(card, source) << "\"\n"
      << "      node.description = \"" << PipeWireStack::description(card) << "\"\n"
      << "      node.nick = \"" << card.nick
      << "\"\n"
      // A virtual source: the test plays into its inputs, headamp reads its outputs (capture_AUXn).
      << "      media.class = \"" << (source ? "Audio/Source/Virtual" : "Audio/Sink") << "\"\n"
      << "      audio.position = [ " << (card.desktop ? std::string("FL FR ") : positions("AUX", channels)) << "]\n"
      << "      device.profile.name = \"" << PipeWireStack::mapping(card, source) << "\"\n"
      << "      api.alsa.pcm.card = " << card.card << "\n"
      << "      api.alsa.pcm.device = 0\n"
      << "      api.alsa.path = \"hw:" << card.card << "\"\n"
      << "      device.api = alsa\n"
      << "      object.linger = true\n    }\n  }\n";
    return o.str();
}

}  // namespace

PipeWireStack::PipeWireStack(const std::string& test, std::vector<FakeCard> cards) {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::path("/tmp") /
           ("headamp-pw-" + test + "-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_ / "run");
    std::filesystem::permissions(dir_ / "run", std::filesystem::perms::owner_all);
    write_config(cards);
    // Everything this process and its children start from now on talks to this PipeWire only.
    setenv("XDG_RUNTIME_DIR", (dir_ / "run").c_str(), 1);
    setenv("XDG_CONFIG_HOME", (dir_ / "config").c_str(), 1);
    setenv("XDG_STATE_HOME", (dir_ / "state").c_str(), 1);
    setenv("HOME", dir_.c_str(), 1);
    // WirePlumber 0.5 of another tree: the test's drop-ins first, then that tree's own configuration (the
    // system's /usr/share/wireplumber is 0.4's).
    if (!pipewire_root().empty())
        setenv("WIREPLUMBER_CONFIG_DIR",
               ((dir_ / "config" / "wireplumber").string() + ":" + pipewire_root() + "/usr/share/wireplumber").c_str(),
               1);
    setenv("DBUS_SESSION_BUS_ADDRESS", ("unix:path=" + (dir_ / "run" / "bus").string()).c_str(), 1);
    for (const char* v : {"PIPEWIRE_REMOTE", "PIPEWIRE_RUNTIME_DIR", "JACK_DEFAULT_SERVER", "PIPEWIRE_QUANTUM"})
        unsetenv(v);
    dbus_ = std::make_unique<PrivateBus>(dir_ / "run" / "bus", dir_ / "dbus.log");
    start();
}

PipeWireStack::~PipeWireStack() {
    wireplumber_.reset();
    pipewire_.reset();
    dbus_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

void PipeWireStack::write_config(const std::vector<FakeCard>& cards) const {
    const std::filesystem::path pipewire = dir_ / "config" / "pipewire" / "pipewire.conf.d";
    std::filesystem::create_directories(pipewire);
    std::ofstream conf(pipewire / "fake-cards.conf");
    conf << "# Fake USB cards for headamp's tests.\ncontext.objects = [\n";
    for (const FakeCard& card : cards) conf << node(card, true) << node(card, false);
    conf << "]\n";
    // The test finds the cards' ports by their aliases ("<nick>:<port>"), which pipewire-jack 1.x
    // fills only when asked (jack.fill-aliases defaults to false there).
    const std::filesystem::path jack = dir_ / "config" / "pipewire" / "jack.conf.d";
    std::filesystem::create_directories(jack);
    std::ofstream(jack / "50-aliases.conf") << "jack.properties = { jack.fill-aliases = true }\n";
    // PipeWire of another tree: its own pipewire.conf, client.conf and jack.conf, which come before the
    // system's (/usr/share/pipewire, 0.3.65's) and after the drop-ins above.
    if (!pipewire_root().empty())
        for (const auto& entry : std::filesystem::directory_iterator(pipewire_root() + "/usr/share/pipewire"))
            if (entry.path().extension() == ".conf")
                std::filesystem::copy_file(entry.path(), dir_ / "config" / "pipewire" / entry.path().filename());
    // WirePlumber 0.4 exits (status 70) without systemd-logind when its Bluetooth monitor starts; 0.5 has
    // its own format for the same wish (and warns about a Lua file).
    const std::filesystem::path wireplumber = dir_ / "config" / "wireplumber";
    if (pipewire_root().empty()) {
        std::filesystem::create_directories(wireplumber / "bluetooth.lua.d");
        std::ofstream(wireplumber / "bluetooth.lua.d" / "51-no-bluez.lua") << "bluez_monitor.enabled = false\n";
    } else {
        std::filesystem::create_directories(wireplumber / "wireplumber.conf.d");
        std::ofstream(wireplumber / "wireplumber.conf.d" / "51-no-bluez.conf")
            << "wireplumber.profiles = { main = { monitor.bluez = disabled } }\n";
    }
}

std::string PipeWireStack::run(const std::string& command) const {
    std::string out;
    FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
    if (!pipe) return out;
    std::array<char, 4096> chunk;
    while (std::size_t n = fread(chunk.data(), 1, chunk.size(), pipe)) out.append(chunk.data(), n);
    pclose(pipe);
    return out;
}

void PipeWireStack::start() {
    pipewire_ = std::make_unique<ChildProcess>(std::vector<std::string>{program("pipewire")},
                                               std::vector<std::string>{}, (dir_ / "pipewire.log").string());
    if (!JackHandle::wait_for([&] { return run(program("pw-cli") + " info 0").find("id: 0") != std::string::npos; },
                              10s))
        throw std::runtime_error("pipewire did not come up:\n" + logs());
    wireplumber_ = std::make_unique<ChildProcess>(std::vector<std::string>{program("wireplumber")},
                                                  std::vector<std::string>{}, (dir_ / "wireplumber.log").string());
    if (!JackHandle::wait_for(
            [&] { return run(program("pw-cli") + " ls Metadata").find("\"default\"") != std::string::npos; }, 10s))
        throw std::runtime_error("wireplumber did not come up:\n" + logs());
}

void PipeWireStack::kill() {
    wireplumber_->stop(SIGKILL);
    pipewire_->stop(SIGKILL);
    wireplumber_.reset();
    pipewire_.reset();
    std::filesystem::remove(dir_ / "run" / "pipewire-0");
    std::filesystem::remove(dir_ / "run" / "pipewire-0.lock");
}

void PipeWireStack::destroy_node(const std::string& node_name) {
    const std::string out = run(program("pw-cli") + " destroy " + node_name);
    (void)out;
}

std::string PipeWireStack::logs() const {
    return "pipewire:\n" + read_text(dir_ / "pipewire.log") + "wireplumber:\n" + read_text(dir_ / "wireplumber.log");
}

std::string port_by_alias(jack_client_t* client, const std::string& alias) {
    const char** ports = jack_get_ports(client, nullptr, JACK_DEFAULT_AUDIO_TYPE, 0);
    std::string found;
    const auto size = static_cast<std::size_t>(jack_port_name_size());
    std::vector<char> first(size), second(size);
    for (std::size_t i = 0; ports && ports[i] && found.empty(); ++i) {
        char* buffers[2] = {first.data(), second.data()};
        const int n = jack_port_get_aliases(jack_port_by_name(client, ports[i]), buffers);
        for (int k = 0; k < n; ++k)
            if (alias == buffers[k]) found = ports[i];
    }
    jack_free(ports);
    return found;
}

}  // namespace headamp::test
