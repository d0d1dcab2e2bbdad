// When a plain headampd starts itself again on PipeWire's libjack (jack/libjack_choice.hpp): only on
// JACK2's libjack, with PipeWire running and its libjack installed, no JACK2 server answering, and
// neither an opt-out nor an earlier switch in $HEADAMP_LIBJACK.
#include <gtest/gtest.h>

#include "jack/libjack_choice.hpp"

using namespace headamp::jack;

namespace {

// JACK2's libjack on a PipeWire desktop with pipewire-jack installed: the case the switch is for.
LibjackSituation desktop() { return {false, "", true, true}; }

}  // namespace

TEST(LibjackChoice, Jack2LibjackOnAPipeWireDesktopSwitchesWhenNoJack2ServerAnswers) {
    int asked = 0;
    EXPECT_TRUE(switch_to_pipewire_libjack(desktop(), [&] {
        ++asked;
        return false;
    }));
    EXPECT_EQ(asked, 1);
    // A JACK2 server that answers (jackd run by hand beside PipeWire) keeps JACK2's libjack.
    EXPECT_FALSE(switch_to_pipewire_libjack(desktop(), [] { return true; }));
}

TEST(LibjackChoice, AnythingElseStaysAndDoesNotEvenAskTheServer) {
    int asked = 0;
    const auto probe = [&] {
        ++asked;
        return false;
    };
    LibjackSituation s = desktop();
    s.pipewire_libjack = true;  // pw-jack, or Fedora's libjack
    EXPECT_FALSE(switch_to_pipewire_libjack(s, probe));
    s = desktop();
    s.choice = "system";  // the opt-out
    EXPECT_FALSE(switch_to_pipewire_libjack(s, probe));
    s = desktop();
    s.choice = "pipewire";  // switched once already and still on JACK2's: never loop
    EXPECT_FALSE(switch_to_pipewire_libjack(s, probe));
    s = desktop();
    s.pipewire_running = false;  // a studio box on JACK2
    EXPECT_FALSE(switch_to_pipewire_libjack(s, probe));
    s = desktop();
    s.pipewire_jack_installed = false;  // PipeWire without pipewire-jack
    EXPECT_FALSE(switch_to_pipewire_libjack(s, probe));
    EXPECT_EQ(asked, 0);
}

TEST(LibjackChoice, PipeWiresLibjackComesFirstInTheLibraryPath) {
    EXPECT_EQ(library_path_with("/usr/lib/pw/jack", nullptr), "/usr/lib/pw/jack");
    EXPECT_EQ(library_path_with("/usr/lib/pw/jack", ""), "/usr/lib/pw/jack");
    EXPECT_EQ(library_path_with("/usr/lib/pw/jack", "/opt/lib:/x"), "/usr/lib/pw/jack:/opt/lib:/x");
}
