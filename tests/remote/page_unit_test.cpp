// The phone page's pieces without a daemon: the WebSocket handshake's accept key, [remote] listen's
// ADDR:PORT, the fader law the page is sent, and the page's files as built into the binary.
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <map>
#include <string>

#include "control/volume_mapping.hpp"
#include "remote/page_files.hpp"
#include "remote/page_session.hpp"
#include "remote/websocket_accept.hpp"
#include "util/ip_address.hpp"

namespace headamp::remote {
namespace {

TEST(WebSocketAccept, IsTheRfcsExampleAndRefusesKeysThatAreNotSixteenBytes) {
    EXPECT_EQ(websocket_accept("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");  // RFC 6455 1.3
    EXPECT_FALSE(websocket_accept(""));
    EXPECT_FALSE(websocket_accept("dGhlIHNhbXBsZSBub25jZQ="));
    EXPECT_FALSE(websocket_accept("dGhlIHNhbXBsZSBub25jZQ=x"));
    EXPECT_FALSE(websocket_accept("dGhlIHNhbXBsZSBub25j\r\n=="));
}

TEST(IpEndpoint, IsAddrColonPortWithIpv6InBrackets) {
    const auto v4 = parse_ip_endpoint("192.168.1.20:8080");
    ASSERT_TRUE(v4);
    EXPECT_EQ(v4->address.family, AF_INET);
    EXPECT_EQ(v4->port, 8080);
    const auto v6 = parse_ip_endpoint("[::]:80");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->address.family, AF_INET6);
    EXPECT_EQ(v6->port, 80);
    for (const char* bad : {"", "8080", ":8080", "0.0.0.0:", "0.0.0.0:0", "0.0.0.0:65536", "0.0.0.0:80x", "::1:80",
                            "[127.0.0.1]:80", "localhost:80", "[::1]80"})
        EXPECT_FALSE(parse_ip_endpoint(bad)) << bad;
    sockaddr_storage s{};
    EXPECT_EQ(to_sockaddr(*v4, s), sizeof(sockaddr_in));
    EXPECT_EQ(endpoint_text(s), "192.168.1.20:8080");
}

TEST(FaderTable, IsTheMixerScreensLawAtItsPoints) {
    const nlohmann::json table = fader_table();
    ASSERT_EQ(table.size(), 201u);
    EXPECT_EQ(table[0][1], control::position_to_db(0.0, 12.0)) << "the bottom is off";
    EXPECT_EQ(table[200][1], 12.0);
    EXPECT_DOUBLE_EQ(table[100][1].get<double>(), control::position_to_db(0.5, 12.0));
    for (std::size_t i = 2; i < table.size(); ++i) EXPECT_GT(table[i][1], table[i - 1][1]) << i;
}

TEST(PageFiles, AreBuiltInWithTheirTypesAndFetchNothingFromElsewhere) {
    std::map<std::string, std::string> types;
    for (const PageFile& f : page_files()) {
        types[std::string(f.path)] = std::string(f.content_type);
        EXPECT_EQ(std::string(f.body).find("https://"), std::string::npos) << f.path;
        EXPECT_FALSE(f.body.empty()) << f.path;
    }
    EXPECT_EQ(types["/"], "text/html; charset=utf-8");
    EXPECT_EQ(types["/app.js"], "text/javascript; charset=utf-8");
    EXPECT_EQ(types["/style.css"], "text/css; charset=utf-8");
}

}  // namespace
}  // namespace headamp::remote
