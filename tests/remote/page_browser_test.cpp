// The phone page in a real browser: headless Chromium (chromium-headless-shell) driven by
// puppeteer-core in a 390x844 touch viewport, against the real headampd on a private jackd. A thumb
// drags a fader and taps mute: the daemon's state and the audio at the mix's output follow. Mix1's
// link cannot change mix B: state and audio unchanged. headampd restarted: the page comes back by itself.
#include <cmath>
#include <cstdio>

#include "control/volume_mapping.hpp"
#include "page_world.hpp"

namespace headamp::test {
namespace {

Signal sine(double amplitude) {
    return [amplitude](int64_t f) { return static_cast<float>(amplitude * std::sin(2 * M_PI * 1000 * f / 48000.0)); };
}

std::string test_name() { return ::testing::UnitTest::GetInstance()->current_test_info()->name(); }

// The answer to a driver command that must succeed.
json must(BrowserDriver& browser, const std::string& command) {
    json answer = browser.ask(command);
    if (answer.contains("error"))
        ADD_FAILURE() << command << ": " << answer["error"].get<std::string>() << "\nbrowser log:\n" << browser.log();
    return answer;
}

TEST(PageBrowser, AThumbDragsAFaderAndTapsMuteAndTheAudioFollowsButMixBIsOutOfReach) {
    PageWorld world(test_name(), sine(0.5));
    BrowserDriver browser(world.daemon.dir);
    ASSERT_FALSE(must(browser, "open " + world.links.at("mix1")).contains("error"));
    const auto before = world.levels();
    const json b_before = world.daemon.state()["mixes"][1];

    // Drag the guitar's fader from unity to 30 % of its travel.
    const double unity = control::db_to_position(0.0, 12.0);
    must(browser, "drag Guitar " + std::to_string(unity) + " 0.3 10");
    const double expected_db = control::position_to_db(0.3, 12.0);
    ASSERT_TRUE(JackHandle::wait_for(
        [&] { return std::abs(world.send_of("mix1", "Guitar")["level_db"].get<double>() - expected_db) < 0.5; }, 3s))
        << world.send_of("mix1", "Guitar").dump() << " expected about " << expected_db;
    const double set_db = world.send_of("mix1", "Guitar")["level_db"].get<double>();
    const auto dragged = world.levels();
    std::printf("fader dragged to 30%%: send %.1f dB (the law says %.2f); mix1 L %.2f -> %.2f dB\n", set_db,
                expected_db, before.at("mix1"), dragged.at("mix1"));
    EXPECT_NEAR(dragged.at("mix1") - before.at("mix1"), set_db, 0.2);
    const char* shot = std::getenv("HEADAMP_SCREENSHOT");
    must(browser, std::string("screenshot ") + (shot ? shot : (world.daemon.dir / "phone-mix.png").c_str()));

    must(browser, "tap [data-source=\"Guitar\"] .mute");
    ASSERT_TRUE(JackHandle::wait_for([&] { return world.send_of("mix1", "Guitar")["mute"] == true; }, 3s));
    must(browser, "wait 2000 document.querySelector('[data-source=\"Guitar\"] .mute').classList.contains('on')");
    const auto muted = world.levels();
    std::printf("mute tapped: mix1 L %.1f dB\n", muted.at("mix1"));
    EXPECT_LT(muted.at("mix1"), -100.0);

    // The page's own socket asked to change B: refused, shown, and B is as it was, in state and in sound.
    must(browser, "eval socket.send(JSON.stringify({op:'set',mix:'B',source:'Guitar',level_db:-40,id:99}))");
    must(browser, "eval socket.send(JSON.stringify({op:'master',mix:'2',mute:true,id:100}))");
    const json shown = must(browser, "wait 3000 document.getElementById('error').textContent.length > 0");
    EXPECT_FALSE(shown.contains("error"));
    EXPECT_EQ(world.daemon.state()["mixes"][1], b_before);
    const auto after = world.levels();
    std::printf("mix B's L: %.2f dB before, %.2f dB after mix1's link asked to change it\n", before.at("B"),
                after.at("B"));
    EXPECT_NEAR(before.at("B"), -12.04, 0.2) << "B hears the guitar: -9.03 dB RMS through the -3 dB pan law";
    EXPECT_NEAR(after.at("B"), before.at("B"), 0.1);
}

TEST(PageBrowser, ThePageComesBackByItselfWhenHeadampdRestarts) {
    PageWorld world(test_name(), sine(0.5));
    BrowserDriver browser(world.daemon.dir);
    ASSERT_FALSE(must(browser, "open " + world.links.at("mix1")).contains("error"));
    world.daemon.process->stop(SIGTERM);
    must(browser, "wait 5000 document.getElementById('link').classList.contains('offline')");
    EXPECT_EQ(must(browser, "eval document.getElementById('link').textContent")["value"], "offline");
    world.daemon.start();
    const json back = must(browser, "wait 15000 !document.getElementById('link').classList.contains('offline')");
    std::printf("headampd restarted: the page was live again %d ms after the daemon answered\n", back.value("ms", -1));
    must(browser, "drag Guitar 0.2 0.5 4");
    const double expected_db = control::position_to_db(0.5, 12.0);
    EXPECT_TRUE(JackHandle::wait_for(
        [&] { return std::abs(world.send_of("mix1", "Guitar")["level_db"].get<double>() - expected_db) < 0.5; }, 3s))
        << "the reconnected page still changes the mix";
}

}  // namespace
}  // namespace headamp::test
