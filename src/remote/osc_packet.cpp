// Taking an OSC datagram apart (see osc_packet.hpp). liblo 0.31 parses a message
// (lo_message_deserialise) but opens a bundle only inside its lo_server, whose socket headamp cannot
// use (osc_server.hpp says why); the bundle's framing (OSC 1.0: "#bundle", a time tag, then elements
// each preceded by its size) is read here.
#include "remote/osc_packet.hpp"

#include <cstring>
#include <vector>

#include "remote/lo_handles.hpp"

namespace headamp::remote {

namespace {

constexpr char kBundleTag[8] = {'#', 'b', 'u', 'n', 'd', 'l', 'e', '\0'};

std::uint32_t big_endian_u32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
}

template <class T>
T read_as(const void* at) {
    T value;
    std::memcpy(&value, at, sizeof value);
    return value;
}

// liblo's argv points into the message at OSC's 4-byte steps, where a lo_arg (8-byte aligned, for its
// doubles) may not be read as such: each value is copied out of its bytes instead.
OscArg argument(char type, const void* at) {
    OscArg arg{type, 0.0, {}};
    switch (type) {
        case LO_INT32: arg.number = read_as<std::int32_t>(at); break;
        case LO_FLOAT: arg.number = static_cast<double>(read_as<float>(at)); break;
        case LO_DOUBLE: arg.number = read_as<double>(at); break;
        case LO_INT64: arg.number = static_cast<double>(read_as<std::int64_t>(at)); break;
        case LO_TRUE: arg.number = 1.0; break;
        case LO_STRING:
        case LO_SYMBOL: arg.text = static_cast<const char*>(at); break;
        default: break;  // kept by its type tag only: no operation takes it
    }
    return arg;
}

// liblo's reasons (lo_errors.h), in words.
std::string liblo_reason(int code) {
    switch (code) {
        case LO_ENOPATH:
        case LO_EINVALIDPATH: return "no valid address";
        case LO_ENOTYPE:
        case LO_EINVALIDTYPE: return "no valid type tags (',' and a tag per argument)";
        case LO_EBADTYPE: return "an unknown type tag";
        case LO_EINVALIDARG: return "an argument shorter than its type says";
        case LO_ESIZE: return "a size that does not fit the packet";
        case LO_ETERM:
        case LO_EPAD: return "a string without its end or padding";
        default: return "liblo error " + std::to_string(code);
    }
}

class Reader {
public:
    OscPacket packet;

    void element(const std::uint8_t* data, std::size_t size, int depth) {
        if (packet.error) return;
        if (size >= sizeof kBundleTag && std::memcmp(data, kBundleTag, sizeof kBundleTag) == 0)
            return bundle(data, size, depth);
        message(data, size);
    }

private:
    void fail(std::string why) {
        if (!packet.error) packet.error = std::move(why);
    }

    void bundle(const std::uint8_t* data, std::size_t size, int depth) {
        if (depth >= kMaxBundleDepth) return fail("bundles nested deeper than " + std::to_string(kMaxBundleDepth));
        if (size < 16) return fail("a bundle shorter than its header");
        std::size_t at = 16;  // "#bundle\0" and the time tag
        while (at < size && !packet.error) {
            if (size - at < 4) return fail("a bundle element without its whole size");
            const std::uint32_t length = big_endian_u32(data + at);
            at += 4;
            if (length == 0 || length % 4 != 0 || length > size - at)
                return fail("a bundle element of " + std::to_string(length) + " bytes where " +
                            std::to_string(size - at) + " are left (sizes are multiples of 4)");
            element(data + at, length, depth + 1);
            at += length;
        }
    }

    void message(const std::uint8_t* data, std::size_t size) {
        if (packet.messages.size() >= kMaxOscMessages)
            return fail("more than " + std::to_string(kMaxOscMessages) + " messages in one datagram");
        // liblo reads a message in place and converts its arguments' byte order there: a copy of its own.
        std::vector<std::uint8_t> copy(data, data + size);
        int result = 0;
        const LoMessage m(lo_message_deserialise(copy.data(), copy.size(), &result));
        if (!m) return fail("not an OSC message: " + liblo_reason(result));
        const char* path = lo_get_path(copy.data(), static_cast<ssize_t>(copy.size()));
        if (!path || path[0] != '/') return fail("an OSC address must begin with '/'");
        OscMessage out{path, {}};
        const auto msg = static_cast<lo_message>(m.get());
        const char* types = lo_message_get_types(msg);
        lo_arg** argv = lo_message_get_argv(msg);
        const int argc = lo_message_get_argc(msg);
        for (int i = 0; i < argc; ++i) out.args.push_back(argument(types[i], static_cast<const void*>(argv[i])));
        packet.messages.push_back(std::move(out));
    }
};

}  // namespace

OscPacket parse_osc_packet(const std::uint8_t* data, std::size_t size) {
    Reader reader;
    if (size == 0 || size % 4 != 0)
        reader.packet.error = "an OSC packet of " + std::to_string(size) + " bytes (it must be a multiple of 4)";
    else
        reader.element(data, size, 0);
    if (reader.packet.error) reader.packet.messages.clear();
    return std::move(reader.packet);
}

}  // namespace headamp::remote
