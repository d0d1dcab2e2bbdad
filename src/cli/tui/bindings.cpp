// The key table (see bindings.hpp).
#include "cli/tui/bindings.hpp"

#include <curses.h>

#include <iterator>

namespace headamp::cli::tui {

namespace {
struct Binding {
    int key;
    Command command;
};

constexpr int kEscape = 27;
constexpr int kTab = '\t';
constexpr int kCtrlL = 12;

const Binding kBindings[] = {
    {KEY_LEFT, Command::Left},     {KEY_RIGHT, Command::Right},
    {KEY_UP, Command::Up},         {KEY_DOWN, Command::Down},
    {KEY_PPAGE, Command::PageUp},  {KEY_NPAGE, Command::PageDown},
    {'0', Command::Percent0},      {'1', Command::Percent10},
    {'2', Command::Percent20},     {'3', Command::Percent30},
    {'4', Command::Percent40},     {'5', Command::Percent50},
    {'6', Command::Percent60},     {'7', Command::Percent70},
    {'8', Command::Percent80},     {'9', Command::Percent90},
    {'m', Command::Mute},          {'M', Command::Mute},
    {'s', Command::Solo},          {'S', Command::Solo},
    {'l', Command::PanLeft},       {'L', Command::PanLeft},
    {'<', Command::PanLeft},       {',', Command::PanLeft},
    {'r', Command::PanRight},      {'R', Command::PanRight},
    {'>', Command::PanRight},      {'.', Command::PanRight},
    {'b', Command::PanCentre},     {'B', Command::PanCentre},
    {'k', Command::Link},          {'K', Command::Link},
    {kTab, Command::NextMix},      {KEY_BTAB, Command::PreviousMix},
    {KEY_F(3), Command::Mix1},     {KEY_F(4), Command::Mix2},
    {KEY_F(5), Command::Mix3},     {KEY_F(6), Command::Mix4},
    {KEY_F(7), Command::Mix5},     {KEY_F(8), Command::Mix6},
    {KEY_F(9), Command::Mix7},     {KEY_F(10), Command::Mix8},
    {KEY_F(11), Command::Mix9},    {KEY_F(12), Command::Mix10},
    {'e', Command::EqView},        {'E', Command::EqView},
    {'h', Command::HardwareView},  {'H', Command::HardwareView},
    {'p', Command::PhoneLink},     {'P', Command::PhoneLink},
    {KEY_F(1), Command::Help},     {'?', Command::Help},
    {' ', Command::Toggle},        {kEscape, Command::Back},
    {'\n', Command::Enter},        {'\r', Command::Enter},
    {KEY_ENTER, Command::Enter},   {'y', Command::Confirm},
    {'Y', Command::Confirm},       {'q', Command::Quit},
    {'Q', Command::Quit},          {kCtrlL, Command::Redraw},
    {KEY_RESIZE, Command::Redraw},
};
}  // namespace

Command command_for_key(int key) {
    for (const Binding& b : kBindings)
        if (b.key == key) return b.command;
    return Command::None;
}

}  // namespace headamp::cli::tui
