// The OSC pieces that need no daemon: the address space's translation into control requests, packets
// taken apart (liblo-built ones, bundles, malformed ones), datagrams built and read back, the values
// and meters a surface is sent, and the allow-list's address matching.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <cmath>
#include <cstring>

#include "control/request.hpp"
#include "control/volume_mapping.hpp"
#include "osc_client.hpp"
#include "remote/osc_address.hpp"
#include "remote/osc_encode.hpp"
#include "remote/osc_packet.hpp"
#include "remote/osc_view.hpp"
#include "util/ip_address.hpp"

namespace headamp::remote {
namespace {

using nlohmann::json;
using test::osc_bytes;
using test::OscArgument;

OscPacket parse(const std::string& bytes) {
    return parse_osc_packet(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

OscMessage message(const std::string& address, const std::vector<OscArgument>& args = {}) {
    const OscPacket p = parse(osc_bytes(address, args));
    EXPECT_FALSE(p.error) << *p.error;
    return p.messages.at(0);
}

std::string bundle_of(const std::vector<std::string>& elements) {
    std::string b("#bundle\0\0\0\0\0\0\0\0\1", 16);
    for (const std::string& e : elements) {
        const std::uint32_t n = htonl(static_cast<std::uint32_t>(e.size()));
        b += std::string(reinterpret_cast<const char*>(&n), 4) + e;
    }
    return b;
}

TEST(OscAddress, EachValueBecomesTheSocketsOwnRequest) {
    EXPECT_EQ(translate(message("/mix/1/ch/vox/db", {-6.0f})).request,
              json({{"op", "set"}, {"mix", "1"}, {"source", "vox"}, {"level_db", -6.0}}));
    EXPECT_EQ(translate(message("/mix/a/ch/2/pan", {-0.5})).request,
              json({{"op", "set"}, {"mix", "a"}, {"source", "2"}, {"pan", -0.5}}));
    EXPECT_EQ(translate(message("/mix/1/ch/2/mute", {1})).request,
              json({{"op", "set"}, {"mix", "1"}, {"source", "2"}, {"mute", true}}));
    EXPECT_EQ(translate(message("/mix/1/ch/2/solo", {false})).request,
              json({{"op", "set"}, {"mix", "1"}, {"source", "2"}, {"solo", false}}));
    EXPECT_EQ(translate(message("/mix/1/master/db", {-3})).request,
              json({{"op", "master"}, {"mix", "1"}, {"level_db", -3.0}}));
    EXPECT_EQ(translate(message("/mix/1/master/mute", {0.0f})).request,
              json({{"op", "master"}, {"mix", "1"}, {"mute", false}}));
    const json fader = translate(message("/mix/1/ch/1/fader", {0.75f})).request;
    EXPECT_DOUBLE_EQ(fader["level_db"].get<double>(), control::position_to_db(0.75, 12.0));
    EXPECT_EQ(translate(message("/mix/1/ch/1/fader", {0.0f})).request["level_db"], -120.0);
}

TEST(OscAddress, NoValueIsAQueryAndSubscribeHasADefaultMeterRate) {
    const OscAction q = translate(message("/mix/mon/ch/Guitar/fader"));
    EXPECT_EQ(q.kind, OscAction::Kind::Query);
    EXPECT_EQ(q.target.mix, "mon");
    EXPECT_EQ(q.target.source, "Guitar");
    EXPECT_EQ(q.target.field, OscField::Fader);
    EXPECT_EQ(address_of(q.target), "/mix/mon/ch/Guitar/fader");
    EXPECT_EQ(translate(message("/subscribe")).request, json({{"op", "subscribe"}, {"meters_hz", 25.0}}));
    EXPECT_EQ(translate(message("/subscribe", {10})).request, json({{"op", "subscribe"}, {"meters_hz", 10.0}}));
    EXPECT_EQ(translate(message("/unsubscribe")).kind, OscAction::Kind::Unsubscribe);
}

TEST(OscAddress, WhatDoesNotFitIsRefusedBeforeAnyRequest) {
    const std::vector<std::pair<OscMessage, std::string>> bad = {
        {message("/mix/1/ch/1/db", {"x"}), "takes a number"},
        {message("/mix/1/ch/1/db", {1.0f, 2.0f}), "takes one argument"},
        {message("/mix/1/ch/1/fader", {1.5f}), "from 0 to 1"},
        {message("/mix/1/ch/1/fader", {std::nanf("")}), "from 0 to 1"},
        {message("/mix/1/ch/1/mute", {2}), "takes 0 or 1"},
        {message("/mix/1/ch/1/mute", {"on"}), "takes 0 or 1"},
        {message("/mix/1/ch/1/gain", {1.0f}), "unknown address"},
        {message("/mix/1/master/pan", {0.0f}), "unknown address"},
        {message("/mix/1/ch//db", {0.0f}), "unknown address"},
        {message("/mix/1/ch/1/db/x", {0.0f}), "unknown address"},
        {message("/mix/?/ch/1/db", {0.0f}), "patterns are not supported"},
        {message("/unsubscribe", {1}), "takes no argument"},
    };
    for (const auto& [m, why] : bad) {
        try {
            translate(m);
            ADD_FAILURE() << m.address << " was taken";
        } catch (const OscError& e) {
            EXPECT_NE(std::string(e.what()).find(why), std::string::npos) << e.what();
        }
    }
    // Levels and pans out of range, and non-finite ones, are the handler's to refuse, as on the socket.
    EXPECT_TRUE(std::isnan(translate(message("/mix/1/ch/1/db", {std::nanf("")})).request["level_db"].get<double>()));
}

TEST(OscPacket, ReadsWhatLibloWritesAndOpensBundlesInOrder) {
    const OscPacket one = parse(osc_bytes("/a/b", {1, 2.5f, 3.25, "text", true}));
    ASSERT_FALSE(one.error);
    ASSERT_EQ(one.messages.size(), 1u);
    const OscMessage& m = one.messages[0];
    EXPECT_EQ(m.address, "/a/b");
    ASSERT_EQ(m.args.size(), 5u);
    EXPECT_EQ(m.args[0].type, 'i');
    EXPECT_EQ(m.args[0].number, 1.0);
    EXPECT_EQ(m.args[1].number, 2.5);
    EXPECT_EQ(m.args[2].type, 'd');
    EXPECT_EQ(m.args[3].text, "text");
    EXPECT_EQ(m.args[4].type, 'T');

    const OscPacket nested =
        parse(bundle_of({osc_bytes("/1", {}), bundle_of({osc_bytes("/2", {}), osc_bytes("/3", {})})}));
    ASSERT_FALSE(nested.error) << *nested.error;
    ASSERT_EQ(nested.messages.size(), 3u);
    EXPECT_EQ(nested.messages[2].address, "/3");
}

TEST(OscPacket, AMalformedPartSpoilsTheWholePacket) {
    const std::string good = osc_bytes("/mix/1/ch/1/db", {-6.0f});
    const std::vector<std::string> bad = {
        "",
        std::string("/a\0", 3),
        std::string("abc\0", 4),
        std::string("/a\0\0,f\0\0", 8),
        std::string("/a\0\0,s\0\0abcd", 12),
        good.substr(0, good.size() - 4),
        bundle_of({good, std::string("/a\0\0,f\0\0", 8)}),
        std::string("#bundle\0\0\0\0\0\0\0\0\0\0\0\0\x40", 20),
        std::string("#bundle\0\0\0\0\0\0\0\0\0\0\0\0\x03/a\0", 24),
    };
    for (const std::string& b : bad) {
        const OscPacket p = parse(b);
        EXPECT_TRUE(p.error) << "packet of " << b.size() << " bytes";
        EXPECT_TRUE(p.messages.empty());
    }
    std::string deep = good;
    for (int i = 0; i < kMaxBundleDepth; ++i) deep = bundle_of({deep});
    EXPECT_FALSE(parse(deep).error) << "bundles nested as deep as allowed";
    EXPECT_TRUE(parse(bundle_of({deep})).error) << "one more";
    std::vector<std::string> many(kMaxOscMessages + 1, good);
    EXPECT_TRUE(parse(bundle_of(many)).error);
}

TEST(OscEncode, ManyMessagesGoInBundlesOfAtMostADatagramThatReadBack) {
    std::vector<OscOut> out;
    for (int i = 0; i < 200; ++i)
        out.push_back({"/mix/1/ch/" + std::to_string(i) + "/db", {static_cast<float>(-i), std::int32_t{i}}});
    const std::vector<std::string> datagrams = osc_datagrams(out);
    EXPECT_GT(datagrams.size(), 1u);
    std::vector<OscMessage> back;
    for (const std::string& d : datagrams) {
        EXPECT_LE(d.size(), kMaxOscDatagram);
        const OscPacket p = parse(d);
        ASSERT_FALSE(p.error) << *p.error;
        back.insert(back.end(), p.messages.begin(), p.messages.end());
    }
    ASSERT_EQ(back.size(), out.size());
    EXPECT_EQ(back[150].address, "/mix/1/ch/150/db");
    EXPECT_EQ(back[150].args[0].number, -150.0);
    EXPECT_EQ(back[150].args[1].type, 'i');
    const std::vector<std::string> single = osc_datagrams({{"/error", {std::string("why")}}});
    ASSERT_EQ(single.size(), 1u);
    EXPECT_EQ(parse(single[0]).messages.at(0).args.at(0).text, "why");
}

control::GraphRecord graph() {
    control::GraphRecord g;
    g.sources = {{1, "vox", false, {0}, {}, 0.0, false}, {2, "keys", true, {1, 2}, {}, 0.0, false}};
    control::MixRecord m;
    m.number = 1;
    m.name = "singer";
    m.master_db = -2.0;
    m.mute = true;
    m.sends = {{"vox", -6.0, -0.5, false, true}, {"keys", -120.0, 0.0, true, false}};
    g.mixes = {m};
    return g;
}

TEST(OscView, EveryValueByNumberAndAQueryByName) {
    const std::vector<OscOut> view = osc_view(graph());
    ASSERT_EQ(view.size(), 2u * 5u + 2u);
    EXPECT_EQ(view[0], (OscOut{"/mix/1/ch/1/db", {-6.0f}}));
    EXPECT_EQ(view[2], (OscOut{"/mix/1/ch/1/pan", {-0.5f}}));
    EXPECT_EQ(view[4], (OscOut{"/mix/1/ch/1/solo", {std::int32_t{1}}}));
    EXPECT_EQ(view[6], (OscOut{"/mix/1/ch/2/fader", {0.0f}}));
    EXPECT_EQ(view[8], (OscOut{"/mix/1/ch/2/mute", {std::int32_t{1}}}));
    EXPECT_EQ(view[10], (OscOut{"/mix/1/master/db", {-2.0f}}));
    EXPECT_EQ(view[11], (OscOut{"/mix/1/master/mute", {std::int32_t{1}}}));

    EXPECT_EQ(osc_query(graph(), {"sing", std::string("KEYS"), OscField::Mute}, "/q"),
              (OscOut{"/q", {std::int32_t{1}}}));
    EXPECT_EQ(osc_query(graph(), {"1", std::nullopt, OscField::Db}, "/q"), (OscOut{"/q", {-2.0f}}));
    EXPECT_THROW(osc_query(graph(), {"2", std::nullopt, OscField::Db}, "/q"), control::RequestError);
    EXPECT_THROW(osc_query(graph(), {"1", std::string("drums"), OscField::Db}, "/q"), control::RequestError);
}

TEST(OscView, MetersArePeakDbPerChannelAndPerSide) {
    control::MetersRecord m;
    m.sources = {{"vox", {-20.0}, {-23.0}}, {"keys", {-10.0, -11.0}, {-13.0, -14.0}}};
    m.mixes = {{"singer", {-6.0, -7.0}, {-9.0, -10.0}}};
    const std::vector<OscOut> out = osc_meters(m);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0], (OscOut{"/ch/1/meter", {-20.0f}}));
    EXPECT_EQ(out[1], (OscOut{"/ch/2/meter", {-10.0f, -11.0f}}));
    EXPECT_EQ(out[2], (OscOut{"/mix/1/meter", {-6.0f, -7.0f}}));
}

sockaddr_storage v4(const char* ip) {
    sockaddr_storage s{};
    auto* in = reinterpret_cast<sockaddr_in*>(&s);
    in->sin_family = AF_INET;
    inet_pton(AF_INET, ip, &in->sin_addr);
    return s;
}

sockaddr_storage v6(const char* ip) {
    sockaddr_storage s{};
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&s);
    in6->sin6_family = AF_INET6;
    inet_pton(AF_INET6, ip, &in6->sin6_addr);
    return s;
}

TEST(IpAddress, AddressesAndNetworksMatchTheirSenders) {
    const IpNetwork lan = *parse_ip_network("192.168.1.0/24");
    EXPECT_TRUE(network_contains(lan, v4("192.168.1.77")));
    EXPECT_FALSE(network_contains(lan, v4("192.168.2.77")));
    EXPECT_TRUE(network_contains(lan, v6("::ffff:192.168.1.9"))) << "IPv4 through a dual-stack socket";
    EXPECT_TRUE(network_contains(*parse_ip_network("10.0.0.0/9"), v4("10.127.0.1")));
    EXPECT_FALSE(network_contains(*parse_ip_network("10.0.0.0/9"), v4("10.128.0.1")));
    const IpNetwork one = *parse_ip_network("127.0.0.1");
    EXPECT_TRUE(network_contains(one, v4("127.0.0.1")));
    EXPECT_FALSE(network_contains(one, v4("127.0.0.2")));
    EXPECT_TRUE(network_contains(*parse_ip_network("::1"), v6("::1")));
    EXPECT_FALSE(network_contains(*parse_ip_network("::1"), v4("127.0.0.1")));
    EXPECT_TRUE(network_contains(*parse_ip_network("fd00::/8"), v6("fd12::5")));
    for (const char* bad : {"", "host.local", "1.2.3.4/33", "1.2.3.4/", "1.2.3.4/x", "::1/129", "1.2.3"})
        EXPECT_FALSE(parse_ip_network(bad)) << bad;
    EXPECT_FALSE(parse_ip_address("10.0.0.0/8")) << "a listen address is one address";
    EXPECT_EQ(endpoint_text(v4("192.168.1.5")), "192.168.1.5:0");
    for (const char* own : {"127.0.0.1", "127.5.6.7", "::1"}) EXPECT_TRUE(is_loopback(*parse_ip_address(own))) << own;
    for (const char* address : {"0.0.0.0", "::", "192.168.1.5", "::2", "fe80::1"})
        EXPECT_FALSE(is_loopback(*parse_ip_address(address))) << address;
}

}  // namespace
}  // namespace headamp::remote
