// The classification table: name patterns of snd-usb-audio's class-compliant controls and common vendor drivers.
#include "alsa/classification.hpp"

#include <string>
#include <vector>

// GCC 12 with -fsanitize=address at -O2 reports a false -Wmaybe-uninitialized inside libstdc++'s
// regex compiler (std::function in _StateT); the warning is silenced for the library's code only.
// (clang, which builds the fuzz targets, has no such warning and would refuse its name.)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <functional>
#include <regex>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

namespace headamp::alsa {

namespace {

// The table. To teach headamp a new device, add a row: the pattern (ECMAScript, case-insensitive,
// searched anywhere in the name unless anchored) and a real control name it must match, which the
// test checks. Order matters: the first match wins, so unsafe rows stay on top.
constexpr ClassificationRule kRules[] = {
    {Category::Unsafe, R"(phantom)", "Line In 1-2 Phantom Power Capture Switch"},
    {Category::Unsafe, R"(\b48 ?v\b)", "48V Capture Switch"},
    {Category::Unsafe, R"(\bpad\b)", "Line In 1 Pad Capture Switch"},
    {Category::Unsafe, R"(\bair\b)", "Line In 2 Air Capture Switch"},

    {Category::DirectMonitor, R"(direct monitor)", "Direct Monitor Playback Switch"},
    {Category::DirectMonitor, R"(^(hardware |hw )?monitor( playback)?( volume| switch)?$)", "Monitor Playback Volume"},
    {Category::DirectMonitor, R"(^(mic|input|analog(ue)? in(put)?)( \d+)? playback (volume|switch)$)",
     "Mic Playback Volume"},
    {Category::DirectMonitor, R"(^(line|aux|cd|video|phone) playback (volume|switch)$)", "Line Playback Switch"},
    {Category::DirectMonitor, R"(sidetone)", "Sidetone Playback Volume"},

    {Category::InputGain, R"(input gain)", "Input Gain Capture Volume"},
    {Category::InputGain, R"(\bgain capture\b)", "Line In 1 Gain Capture Volume"},
    {Category::InputGain, R"(\bboost\b)", "Mic Boost Capture Volume"},
    {Category::InputGain, R"(^(mic|line|input|analog(ue)? in(put)?)( \d+)? capture (volume|switch)$)",
     "Mic Capture Volume"},
    {Category::InputGain, R"(^(pcm |digital )?capture( volume| switch)?$)", "Capture Volume"},
    // The Linux USB audio gadget (f_uac1/f_uac2, as in DIY interfaces on a Raspberry Pi Zero) names its
    // feature units "Capture Volume" / "Playback Volume", and snd-usb-audio appends the control's own.
    {Category::InputGain, R"(^capture volume capture (volume|switch)$)", "Capture Volume Capture Volume"},
    {Category::Output, R"(^playback volume playback (volume|switch)$)", "Playback Volume Playback Volume"},

    {Category::Output,
     R"(^(headphones?|headset|pcm|speaker|master|main|front|line out|output|analog(ue)? output)\b.*playback (volume|switch)$)",
     "Headphone Playback Volume"},
    {Category::Output, R"(^line \d+ .*playback (volume|switch)$)", "Line 03 (Headphones 1 L) Playback Volume"},
};

struct Compiled {
    Category category;
    std::regex re;
};

const std::vector<Compiled>& compiled() {
    // Built once on first use: std::regex construction is far slower than matching.
    static const std::vector<Compiled> table = [] {
        std::vector<Compiled> out;
        for (const ClassificationRule& r : kRules)
            out.push_back({r.category, std::regex(r.pattern, std::regex::ECMAScript | std::regex::icase)});
        return out;
    }();
    return table;
}

}  // namespace

std::span<const ClassificationRule> classification_rules() { return kRules; }

bool rule_matches(const ClassificationRule& rule, std::string_view control_name) {
    return std::regex_search(std::string(control_name),
                             std::regex(rule.pattern, std::regex::ECMAScript | std::regex::icase));
}

std::string_view category_name(Category c) {
    switch (c) {
        case Category::Output: return "output";
        case Category::DirectMonitor: return "direct-monitor";
        case Category::InputGain: return "input-gain";
        case Category::Unsafe: return "unsafe";
        case Category::Other: return "other";
    }
    return "other";
}

Category classify(std::string_view control_name) {
    const std::string name(control_name);
    for (const Compiled& c : compiled())
        if (std::regex_search(name, c.re)) return c.category;
    return Category::Other;
}

}  // namespace headamp::alsa
