// Classification: every row of the table matches the real control name it exists for, and names
// recorded from real devices land where they should.
#include <gtest/gtest.h>

#include "alsa/classification.hpp"

using namespace headamp::alsa;

TEST(Classification, EveryRowMatchesItsExampleAndClassifiesIt) {
    for (const ClassificationRule& rule : classification_rules()) {
        SCOPED_TRACE(rule.pattern);
        EXPECT_TRUE(rule_matches(rule, rule.example));
        EXPECT_EQ(classify(rule.example), rule.category) << rule.example;
    }
}

struct Case {
    const char* name;
    Category expected;
};

class ClassifyName : public testing::TestWithParam<Case> {};

TEST_P(ClassifyName, AsExpected) {
    EXPECT_EQ(classify(GetParam().name), GetParam().expected)
        << GetParam().name << " -> " << category_name(classify(GetParam().name));
}

INSTANTIATE_TEST_SUITE_P(
    RecordedNames, ClassifyName,
    testing::Values(
        // outputs
        Case{"PCM Playback Volume", Category::Output}, Case{"PCM Playback Switch", Category::Output},
        Case{"Headphone Playback Volume", Category::Output}, Case{"Headphones Playback Switch", Category::Output},
        Case{"Speaker Playback Volume", Category::Output}, Case{"Master Playback Volume", Category::Output},
        Case{"Master HW Playback Volume", Category::Output}, Case{"Line Out Playback Volume", Category::Output},
        Case{"Front Playback Volume", Category::Output}, Case{"Headset Playback Volume", Category::Output},
        Case{"Analogue Output Playback Volume", Category::Output},
        Case{"Line 01 (Monitor L) Playback Volume", Category::Output},
        Case{"Line 03 Mute Playback Switch", Category::Output},
        // hardware direct monitor
        Case{"Mic Playback Volume", Category::DirectMonitor}, Case{"Mic Playback Switch", Category::DirectMonitor},
        Case{"Line Playback Volume", Category::DirectMonitor}, Case{"Line Playback Switch", Category::DirectMonitor},
        Case{"Aux Playback Volume", Category::DirectMonitor}, Case{"Input 2 Playback Volume", Category::DirectMonitor},
        Case{"Direct Monitor Playback Switch", Category::DirectMonitor},
        Case{"Direct Monitor Playback Enum", Category::DirectMonitor},
        Case{"Monitor Playback Volume", Category::DirectMonitor}, Case{"Monitor", Category::DirectMonitor},
        Case{"Sidetone Playback Switch", Category::DirectMonitor},
        // input gain
        Case{"Mic Capture Volume", Category::InputGain}, Case{"Mic Capture Switch", Category::InputGain},
        Case{"Line Capture Volume", Category::InputGain}, Case{"Capture Volume", Category::InputGain},
        Case{"Capture Switch", Category::InputGain}, Case{"Input Gain Capture Volume", Category::InputGain},
        Case{"Mic Boost Capture Volume", Category::InputGain},
        Case{"Line In 2 Gain Capture Volume", Category::InputGain},
        // unsafe: checked before anything else, whatever else the name says
        Case{"Line In 1-2 Phantom Power Capture Switch", Category::Unsafe},
        Case{"Phantom Power Persistence Capture Switch", Category::Unsafe},
        Case{"48V Capture Switch", Category::Unsafe}, Case{"Mic 48v Phantom Capture Switch", Category::Unsafe},
        Case{"Line In 1 Pad Capture Switch", Category::Unsafe}, Case{"Pad Capture Switch", Category::Unsafe},
        Case{"Line In 2 Air Capture Switch", Category::Unsafe}, Case{"Mic Capture Volume Pad", Category::Unsafe},
        // other
        Case{"Mix A Input 01 Playback Volume", Category::Other},
        Case{"Analogue Output 01 Playback Enum", Category::Other}, Case{"PCM 01 Capture Enum", Category::Other},
        Case{"Line In 1 Level Capture Enum", Category::Other}, Case{"Auto Gain Control", Category::Other},
        Case{"Keep Interface", Category::Other}, Case{"Playback Channel Map", Category::Other},
        Case{"Sync Status", Category::Other}, Case{"MSD Mode Switch", Category::Other},
        Case{"Spaddle Playback Volume", Category::Other},  // "pad" only as a word
        Case{"Airflow Fan Switch", Category::Other}));     // "air" only as a word
