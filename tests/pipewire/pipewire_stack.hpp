// A private PipeWire + WirePlumber per test: its own XDG_RUNTIME_DIR and config, a `dbus-daemon --session`
// of its own (WirePlumber 0.4 needs one), and fake USB cards made by a pipewire.conf.d drop-in: per
// card a source and a sink node carrying the properties a Pro Audio ALSA card's nodes have.
// The test process runs under pw-jack: its own JACK clients (tests/common/jack_harness.hpp) and the
// headampd it starts join this PipeWire through the environment set here.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "jack_harness.hpp"

namespace headamp::test {

// A fake card: ALSA card number, and the node nick by which the test finds its ports (the JACK
// client name is "Fake Interface Pro" for every card, as for identical real interfaces). `desktop`:
// on the desktop profile WirePlumber picks for a new card (analog-stereo, FL FR: two channels).
struct FakeCard {
    int card = 0;
    std::string nick;
    int inputs = 2;
    int outputs = 2;
    bool desktop = false;
};

class PipeWireStack {
public:
    PipeWireStack(const std::string& test, std::vector<FakeCard> cards);
    ~PipeWireStack();
    PipeWireStack(const PipeWireStack&) = delete;
    PipeWireStack& operator=(const PipeWireStack&) = delete;

    const std::filesystem::path& dir() const { return dir_; }
    // PipeWire and WirePlumber as if crashed (SIGKILL), then started again, ready when these return.
    void kill();
    void start();
    // Takes a node out of the graph (pw-cli destroy), as when a card's node disappears.
    void destroy_node(const std::string& node_name);
    // What PipeWire and WirePlumber logged, for failure messages.
    std::string logs() const;

    // The profile's mapping of a card's source or sink node (device.profile.name), its node.name, and
    // its node.description (the JACK client name of its ports), as ACP names them.
    static std::string mapping(const FakeCard& card, bool source) {
        return card.desktop ? "analog-stereo" : source ? "pro-input-0" : "pro-output-0";
    }
    static std::string node_name(const FakeCard& card, bool source) {
        return std::string(source ? "alsa_input" : "alsa_output") + ".usb-Fake_" + card.nick + "-00." +
               mapping(card, source);
    }
    static std::string description(const FakeCard& card) {
        return card.desktop ? "Fake Interface Analog Stereo" : "Fake Interface Pro";
    }
    static std::string source_node(const FakeCard& card) { return node_name(card, true); }

private:
    void write_config(const std::vector<FakeCard>& cards) const;
    std::string run(const std::string& command) const;  // a pw-cli command's output

    std::filesystem::path dir_;
    std::unique_ptr<PrivateBus> dbus_;
    std::unique_ptr<ChildProcess> pipewire_, wireplumber_;
};

// The full name of the port with this alias ("<nick>:<port>"); "" when there is none.
std::string port_by_alias(jack_client_t* client, const std::string& alias);

}  // namespace headamp::test
