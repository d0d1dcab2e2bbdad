// Fuzz target: an OSC datagram as a control surface (or anyone on the allowed network) sends it: taken
// apart by liblo and the bundle reader, each message translated through the address space, and what
// would be sent back built and read again. Input: the datagram.
#include "fuzz_target.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "remote/osc_address.hpp"
#include "remote/osc_encode.hpp"
#include "remote/osc_packet.hpp"

using namespace headamp;
using nlohmann::json;

namespace {

void check_action(const remote::OscMessage& m, const remote::OscAction& a) {
    using Kind = remote::OscAction::Kind;
    if (a.kind == Kind::Subscribe) {
        FUZZ_CHECK(a.request["op"] == "subscribe" && a.request["meters_hz"].is_number(), m.address);
        return;
    }
    if (a.kind == Kind::Unsubscribe) return;
    FUZZ_CHECK(remote::address_of(a.target) == m.address, "the target is not the address it came from: " + m.address);
    if (a.kind == Kind::Query) {
        FUZZ_CHECK(m.args.empty(), "a query with a value: " + m.address);
        return;
    }
    const json& r = a.request;
    FUZZ_CHECK(r["op"] == (a.target.source ? "set" : "master"), r.dump());
    FUZZ_CHECK(r.size() == (a.target.source ? 4u : 3u), "one value per message: " + r.dump());
    if (a.target.field == remote::OscField::Fader) {
        const double db = r["level_db"].get<double>();
        FUZZ_CHECK(std::isfinite(db) && db >= -120.0 && db <= 12.0, "a fader gave " + std::to_string(db));
    }
    if (a.target.field == remote::OscField::Mute) FUZZ_CHECK(r["mute"].is_boolean(), r.dump());
    if (a.target.field == remote::OscField::Solo) FUZZ_CHECK(r["solo"].is_boolean(), r.dump());
}

// The refusal a sender would get, serialised and read back.
void check_reply(const std::string& why) {
    const std::vector<std::string> datagrams = remote::osc_datagrams({{"/error", {why}}});
    FUZZ_CHECK(datagrams.size() == 1, "one /error, one datagram");
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(datagrams[0].data());
    const remote::OscPacket back = remote::parse_osc_packet(bytes, datagrams[0].size());
    FUZZ_CHECK(!back.error && back.messages.size() == 1 && back.messages[0].address == "/error", why);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const remote::OscPacket packet = remote::parse_osc_packet(data, size);
    if (packet.error) {
        FUZZ_CHECK(packet.messages.empty(), "a malformed packet kept messages");
        check_reply("malformed packet: " + *packet.error);
        return 0;
    }
    FUZZ_CHECK(packet.messages.size() <= remote::kMaxOscMessages, "too many messages");
    for (const remote::OscMessage& m : packet.messages) {
        FUZZ_CHECK(!m.address.empty() && m.address[0] == '/', m.address);
        try {
            check_action(m, remote::translate(m));
        } catch (const remote::OscError& e) {
            check_reply(e.what());
        }
    }
    return 0;
}
