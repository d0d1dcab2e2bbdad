// The one name-matching rule, including the cases where the three matchers it replaced disagreed.
#include <gtest/gtest.h>

#include "util/name_match.hpp"

using namespace headamp;

namespace {

std::optional<std::size_t> found(const std::vector<Nameable>& things, std::string_view q) {
    return match_name(things, q).found;
}

// Two USB interfaces as `headamp devices` shows them: card id, product, identity; card numbers 1 and 10.
std::vector<Nameable> two_devices() {
    return {{{"USB", "Scarlett Solo USB", "1235:8211:Y7DNRNT0A47F2C"}, {"1", "hw:1"}},
            {{"Device", "USB Audio Device", "0d8c:0014:1-1.2"}, {"10", "hw:10"}}};
}

}  // namespace

TEST(NameMatch, ExactIgnoringCaseBeatsPrefix) {
    const std::vector<std::string> mixes{"mix1", "mix10", "drummer"};
    EXPECT_EQ(match_name_or_position(mixes, "MIX1").found, 0u);  // also a prefix of mix10
    EXPECT_EQ(match_name_or_position(mixes, "mix10").found, 1u);
    EXPECT_EQ(match_name_or_position(mixes, "dr").found, 2u);
    EXPECT_EQ(match_name_or_position(mixes, "DRUMMER").found, 2u);
}

TEST(NameMatch, AnAmbiguousPrefixListsTheCandidatesInOrder) {
    const NameMatch m = match_name_or_position({"in1", "Guitar", "in2"}, "IN");
    EXPECT_FALSE(m.found);
    EXPECT_TRUE(m.ambiguous());
    EXPECT_EQ(m.candidates, (std::vector<std::size_t>{0, 2}));
}

TEST(NameMatch, NothingFitsOrAnEmptyQuery) {
    for (std::string_view q : {"", "x", "mix12", "mix1 "}) {
        const NameMatch m = match_name_or_position({"mix1", "mix2"}, q);
        EXPECT_FALSE(m.found) << q;
        EXPECT_FALSE(m.ambiguous()) << q;
        EXPECT_TRUE(m.candidates.empty()) << q;
    }
    EXPECT_FALSE(match_name(std::vector<Nameable>{}, "a").found);
}

TEST(NameMatch, NamesDifferingOnlyInCaseAreToldApartLetterForLetter) {
    // Names are unique letter for letter, not ignoring case: "Mix" and "mix" may both exist.
    EXPECT_EQ(match_name_or_position({"Mix", "mix"}, "mix").found, 1u);
    EXPECT_EQ(match_name_or_position({"Mix", "mix"}, "Mix").found, 0u);
    const NameMatch m = match_name_or_position({"Mix", "mix"}, "MIX");
    EXPECT_EQ(m.candidates, (std::vector<std::size_t>{0, 1}));
}

TEST(NameMatch, PositionsAreNumbersThatMatchOnlyInFull) {
    const std::vector<std::string> sources{"in1", "in2", "keys", "10 to go"};
    EXPECT_EQ(match_name_or_position(sources, "2").found, 1u);
    EXPECT_EQ(match_name_or_position(sources, "02").found, 1u);  // leading zeros do not count
    EXPECT_FALSE(match_name_or_position(sources, "9").found);
    // "1" is position 1, never a prefix of "10 to go"; "10" is a prefix of that name, as no position is 10.
    EXPECT_EQ(match_name_or_position(sources, "1").found, 0u);
    EXPECT_EQ(match_name_or_position(sources, "10").found, 3u);
}

TEST(NameMatch, ANameBeatsAPositionOfTheSameSpelling) {
    // The mix named "2" is mix 2 even when it is listed first.
    EXPECT_EQ(match_name_or_position({"2", "b"}, "2").found, 0u);
    EXPECT_EQ(match_name_or_position({"b", "2"}, "2").found, 1u);
    EXPECT_EQ(match_name_or_position({"b", "2"}, "1").found, 0u);
}

TEST(NameMatch, CardNumbersMatchInFullOnly) {
    // device_match took "1" and "hw:1" as prefixes of card 10 when card 1 was absent.
    const std::vector<Nameable> devices = two_devices();
    EXPECT_EQ(found(devices, "1"), 0u);
    EXPECT_EQ(found(devices, "hw:1"), 0u);
    EXPECT_EQ(found(devices, "HW:10"), 1u);
    EXPECT_EQ(found(devices, "hw:010"), 1u);
    const std::vector<Nameable> only_ten{devices[1]};
    EXPECT_FALSE(found(only_ten, "1"));
    EXPECT_FALSE(found(only_ten, "hw:1"));
    EXPECT_FALSE(match_name(only_ten, "hw:").found);  // not a prefix of a number either
}

TEST(NameMatch, AnyNameOfAThingCounts) {
    const std::vector<Nameable> devices = two_devices();
    EXPECT_EQ(found(devices, "usb"), 0u);              // card id in full beats the prefix of "USB Audio Device"
    EXPECT_EQ(found(devices, "scarlett"), 0u);         // a prefix of the product
    EXPECT_EQ(found(devices, "0d8c:0014:1-1.2"), 1u);  // the identity
    EXPECT_EQ(found(devices, "1235"), 0u);             // a prefix of the identity, no card number 1235
    EXPECT_EQ(match_name(devices, "US").candidates, (std::vector<std::size_t>{0, 1}));
}

TEST(NameMatch, TwoThingsWithTheSameNameAreAmbiguousEvenInFull) {
    // Two identical interfaces: the product fits both; the card number or identity tells them apart.
    const std::vector<Nameable> twins{{{"USB", "Scarlett Solo USB", "1235:8211:A"}, {"1"}},
                                      {{"USB_1", "Scarlett Solo USB", "1235:8211:B"}, {"2"}}};
    EXPECT_EQ(match_name(twins, "scarlett solo usb").candidates, (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(found(twins, "2"), 1u);
    EXPECT_EQ(found(twins, "usb"), 0u);
}

TEST(NameMatch, BytesAboveAsciiAreComparedAsTheyAre) {
    // Only ASCII letters are folded: "\xc3\xa9" (é) is not "\xc3\x89" (É), and a UTF-8 prefix still works.
    const std::vector<std::string> names{
        "B\xc3\xa4"
        "sse",
        "\xc3\xa9"
        "cho"};
    EXPECT_EQ(match_name_or_position(names, "b\xc3\xa4").found, 0u);
    EXPECT_EQ(match_name_or_position(names, "\xc3\xa9").found, 1u);
    EXPECT_FALSE(match_name_or_position(names,
                                        "\xc3\x89"
                                        "cho")
                     .found);
}
