// CardControls against recorded control sets served through libasound by the headamp_fake ctl plugin:
// discovery, classification and dB of real names, writes, mirroring without echo, and unplugs.
#include <gtest/gtest.h>

#include <algorithm>

#include "alsa/card_controls.hpp"
#include "fake_card.hpp"

using namespace headamp::alsa;
using headamp::alsa::test::FakeCardSession;

namespace {

std::size_t count(const CardControls& card, Category category) {
    return static_cast<std::size_t>(std::count_if(card.controls().begin(), card.controls().end(),
                                                  [&](const ControlInfo& c) { return c.category == category; }));
}

}  // namespace

TEST(CardControls, ClassCompliantCodec) {
    FakeCardSession session;
    auto card = session.open("usb_audio_codec.txt");
    // 10 controls on the card; its PCM channel maps and the card-level "Keep Interface" are no mixer.
    ASSERT_EQ(card->controls().size(), 7u);
    EXPECT_EQ(card->find({"Playback Channel Map", 0}), nullptr);
    EXPECT_EQ(card->find({"Capture Channel Map", 0}), nullptr);
    EXPECT_EQ(card->find({"Keep Interface", 0}), nullptr);

    const ControlInfo* pcm = card->find({"PCM Playback Volume", 0});
    ASSERT_NE(pcm, nullptr);
    EXPECT_EQ(pcm->kind, Kind::Volume);
    EXPECT_EQ(pcm->category, Category::Output);
    EXPECT_EQ(pcm->channels, 2u);
    EXPECT_EQ(pcm->raw_max, 128);
    ASSERT_TRUE(pcm->db);
    EXPECT_DOUBLE_EQ(pcm->db->min_db(), -128.0);
    EXPECT_DOUBLE_EQ(pcm->db->max_db(), 0.0);
    EXPECT_EQ(card->values(pcm->id), (ControlValues{100, 100}));

    EXPECT_EQ(card->find({"PCM Playback Switch", 0})->kind, Kind::Switch);
    EXPECT_EQ(card->find({"Mic Capture Volume", 0})->category, Category::InputGain);
    EXPECT_EQ(card->find({"Mic Playback Volume", 0})->category, Category::DirectMonitor);
    EXPECT_EQ(card->find({"Mic Playback Switch", 0})->category, Category::DirectMonitor);
}

TEST(CardControls, ScarlettLikeSetWithEightyPlusControls) {
    FakeCardSession session;
    auto card = session.open("scarlett_4i4_gen3.txt");
    EXPECT_GE(card->controls().size(), 80u);
    EXPECT_EQ(count(*card, Category::Unsafe), 2u + 4u + 2u);  // air x2, pad x4, phantom x2
    EXPECT_EQ(count(*card, Category::DirectMonitor), 1u);
    EXPECT_EQ(count(*card, Category::Output), 1u + 4u * 2u);  // master knob, 4 lines x (volume, mute)
    const ControlInfo* dm = card->find({"Direct Monitor Playback Enum", 0});
    ASSERT_NE(dm, nullptr);
    EXPECT_EQ(dm->kind, Kind::Enumeration);
    EXPECT_EQ(dm->items, (std::vector<std::string>{"Off", "Mono", "Stereo"}));
    const ControlInfo* mix = card->find({"Mix A Input 01 Playback Volume", 0});
    ASSERT_NE(mix, nullptr);
    EXPECT_EQ(mix->category, Category::Other);
    ASSERT_TRUE(mix->db);
    EXPECT_TRUE(mix->db->has_mute());
    EXPECT_DOUBLE_EQ(mix->db->max_db(), 6.0);
    const ControlInfo* master = card->find({"Master HW Playback Volume", 0});
    ASSERT_NE(master, nullptr);
    EXPECT_FALSE(master->writable);
    EXPECT_FALSE(card->write(master->id, {10}));
    const ControlInfo* sync = card->find({"Sync Status", 0});
    ASSERT_NE(sync, nullptr);
    EXPECT_EQ(card->values(sync->id), (ControlValues{1}));
}

TEST(CardControls, NoDbInformationMeansPercentOnly) {
    FakeCardSession session;
    auto card = session.open("headset_no_db.txt");
    const ControlInfo* speaker = card->find({"Speaker Playback Volume", 0});
    ASSERT_NE(speaker, nullptr);
    EXPECT_EQ(speaker->category, Category::Output);
    EXPECT_FALSE(speaker->db);
    EXPECT_FALSE(card->write_db(speaker->id, -6.0));
    EXPECT_TRUE(card->write(speaker->id, {percent_to_raw(50.0, speaker->raw_min, speaker->raw_max, Rounding::Down)}));
    EXPECT_EQ(card->values(speaker->id), (ControlValues{75, 75}));
    for (const ControlInfo& c : card->controls()) EXPECT_FALSE(c.db) << c.id.name;
}

TEST(CardControls, LinuxUac2GadgetVolumesAreOutputAndInputGainWithDb) {
    FakeCardSession session;
    auto card = session.open("linux_uac2_gadget.txt");
    ASSERT_EQ(card->controls().size(), 4u);  // and two PCM channel maps, which are no mixer controls
    for (const auto& [name, category] : {std::pair{"Playback Volume Playback Volume", Category::Output},
                                         std::pair{"Capture Volume Capture Volume", Category::InputGain}}) {
        const ControlInfo* c = card->find({name, 0});
        ASSERT_NE(c, nullptr) << name;
        EXPECT_EQ(c->category, category) << name;
        ASSERT_TRUE(c->db) << name;
        EXPECT_DOUBLE_EQ(c->db->min_db(), -100.0);
        EXPECT_DOUBLE_EQ(c->db->max_db(), 0.0);
    }
    EXPECT_EQ(card->find({"Playback Volume Playback Switch", 0})->category, Category::Output);
    ASSERT_TRUE(card->write_db({"Playback Volume Playback Volume", 0}, -12.0));
    EXPECT_EQ(card->values({"Playback Volume Playback Volume", 0}), (ControlValues{88}));
}

TEST(CardControls, WriteDbNeverAboveTheRequest) {
    FakeCardSession session;
    auto card = session.open("uac2_preamp.txt");
    const ControlId hp{"Headphone Playback Volume", 0};
    ASSERT_TRUE(card->write_db(hp, -20.3));
    const ControlValues v = *card->values(hp);
    EXPECT_EQ(v, (ControlValues{86, 86}));  // -63.5 + 0.5 * 86 = -20.5, the step just under -20.3
    EXPECT_LE(card->find(hp)->db->to_db(v[0]), -20.3);
    ASSERT_TRUE(card->write_db(hp, -20.3, Rounding::Up));
    EXPECT_EQ(card->values(hp), (ControlValues{87, 87}));
}

TEST(CardControls, OutsideChangeIsReportedOnce) {
    FakeCardSession session;
    auto card = session.open("usb_audio_codec.txt");
    std::vector<std::pair<std::string, ControlValues>> changes;
    card->on_change = [&](const ControlInfo& c, const ControlValues& v) { changes.emplace_back(c.id.name, v); };
    session.external_set("PCM Playback Volume", 0, "90,91");
    EXPECT_EQ(FakeCardSession::pump(*card), 1);
    ASSERT_EQ(changes.size(), 1u);
    EXPECT_EQ(changes[0].first, "PCM Playback Volume");
    EXPECT_EQ(changes[0].second, (ControlValues{90, 91}));
    EXPECT_EQ(card->values({"PCM Playback Volume", 0}), (ControlValues{90, 91}));
    FakeCardSession::pump(*card);
    EXPECT_EQ(changes.size(), 1u);
}

TEST(CardControls, OwnWritesDoNotEcho) {
    FakeCardSession session;
    auto card = session.open("usb_audio_codec.txt");
    int changes = 0;
    card->on_change = [&](const ControlInfo&, const ControlValues&) { ++changes; };
    ASSERT_TRUE(card->write({"PCM Playback Volume", 0}, {64}));
    ASSERT_TRUE(card->write({"Mic Playback Switch", 0}, {0}));
    // The card raised events for both writes (as the kernel does); they arrive and are recognised.
    EXPECT_EQ(FakeCardSession::pump(*card), 1);
    EXPECT_EQ(changes, 0);
    EXPECT_EQ(card->values({"PCM Playback Volume", 0}), (ControlValues{64, 64}));
    // An outside change right after an own write is still seen.
    ASSERT_TRUE(card->write({"PCM Playback Volume", 0}, {70}));
    session.external_set("PCM Playback Volume", 0, "10,10");
    FakeCardSession::pump(*card);
    EXPECT_EQ(changes, 1);
    EXPECT_EQ(card->values({"PCM Playback Volume", 0}), (ControlValues{10, 10}));
}

TEST(CardControls, UnplugIsReportedQuietlyOnce) {
    FakeCardSession session;
    auto card = session.open("scarlett_4i4_gen3.txt");
    int gone = 0;
    int changes = 0;
    card->on_gone = [&] { ++gone; };
    card->on_change = [&](const ControlInfo&, const ControlValues&) { ++changes; };
    session.external_set("Line 01 Mute Playback Switch", 0, "1");
    session.unplug();
    const std::vector<pollfd> fds = card->poll_descriptors();
    ASSERT_FALSE(fds.empty());
    EXPECT_NO_THROW(FakeCardSession::pump(*card));
    EXPECT_EQ(gone, 1);
    EXPECT_TRUE(card->gone());
    EXPECT_TRUE(card->poll_descriptors().empty());
    // A stale readiness from the loop, writes and reads after the unplug: no crash, no second report.
    card->on_poll(fds[0].fd, POLLERR | POLLIN);
    EXPECT_FALSE(card->write({"PCM 01 Capture Enum", 0}, {2}));
    EXPECT_FALSE(card->write_db({"Line 01 (Monitor L) Playback Volume", 0}, -10.0));
    EXPECT_EQ(gone, 1);
    EXPECT_EQ(changes, 0);
}

TEST(CardControls, WriteThatFindsTheCardGoneThenReportsIt) {
    FakeCardSession session;
    auto card = session.open("usb_audio_codec.txt");
    int gone = 0;
    card->on_gone = [&] { ++gone; };
    session.unplug();
    EXPECT_FALSE(card->write({"PCM Playback Volume", 0}, {1}));  // -ENODEV before the loop saw anything
    EXPECT_TRUE(card->gone());
    EXPECT_EQ(gone, 0);  // not from inside write(): the caller may be in the middle of something
    FakeCardSession::pump(*card);
    EXPECT_EQ(gone, 1);  // the next pass of the loop reports it
    FakeCardSession::pump(*card);
    EXPECT_EQ(gone, 1);
}

TEST(CardControls, ThrowingCallbacksStayInside) {
    FakeCardSession session;
    auto card = session.open("usb_audio_codec.txt");
    card->on_change = [](const ControlInfo&, const ControlValues&) { throw std::runtime_error("subscriber broke"); };
    card->on_gone = [] { throw std::runtime_error("gone handler broke"); };
    session.external_set("PCM Playback Volume", 0, "1,1");
    EXPECT_NO_THROW(FakeCardSession::pump(*card));
    session.unplug();
    EXPECT_NO_THROW(FakeCardSession::pump(*card));
    EXPECT_TRUE(card->gone());
}

TEST(CardControls, UnknownNameThrowsAlsaError) {
    FakeCardSession session;
    EXPECT_THROW(
        CardControls::open("nonexistent", session.config(headamp::alsa::test::recording("usb_audio_codec.txt"))),
        AlsaError);
    EXPECT_THROW(CardControls::open("fake", session.config("/nonexistent/recording.txt")), AlsaError);
}
