// The key table: which key does what on the mixer screen (alsamixer's bindings.c).
#pragma once

namespace headamp::cli::tui {

enum class Command {
    None,
    Left,
    Right,
    Up,
    Down,
    PageUp,
    PageDown,  // ±1 dB, ±5 dB
    Percent0,
    Percent10,
    Percent20,
    Percent30,
    Percent40,
    Percent50,
    Percent60,
    Percent70,
    Percent80,
    Percent90,
    Mute,
    Solo,
    PanLeft,
    PanRight,
    PanCentre,
    Link,
    NextMix,
    PreviousMix,
    Mix1,
    Mix2,
    Mix3,
    Mix4,
    Mix5,
    Mix6,
    Mix7,
    Mix8,
    Mix9,
    Mix10,
    EqView,
    HardwareView,
    PhoneLink,  // P: the mix's phone link as a QR code
    Help,
    Toggle,   // space: EQ on/off in the EQ view, a switch in the hardware view
    Enter,    // the next item of an enumerated hardware control, or toggles a switch
    Confirm,  // y: do the unsafe hardware change asked for
    Back,     // Esc: leave a sub-view, or quit from the mixer
    Quit,
    Redraw,
};

// `key` as getch(3) returns it.
Command command_for_key(int key);

}  // namespace headamp::cli::tui
