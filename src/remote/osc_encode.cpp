// Serialising OSC messages (see osc_encode.hpp).
#include "remote/osc_encode.hpp"

#include <stdexcept>

#include "remote/lo_handles.hpp"

namespace headamp::remote {

namespace {

LoMessage message_of(const OscOut& out) {
    LoMessage m(lo_message_new());
    if (!m) throw std::bad_alloc();
    const auto msg = static_cast<lo_message>(m.get());
    for (const OscValue& v : out.args) {
        if (const auto* i = std::get_if<std::int32_t>(&v)) lo_message_add_int32(msg, *i);
        if (const auto* f = std::get_if<float>(&v)) lo_message_add_float(msg, *f);
        if (const auto* s = std::get_if<std::string>(&v)) lo_message_add_string(msg, s->c_str());
    }
    return m;
}

std::string bytes_of(LoBytes bytes, std::size_t size) {
    if (!bytes) throw std::runtime_error("liblo could not serialise an OSC packet");
    return std::string(static_cast<const char*>(bytes.get()), size);
}

std::string serialise(const OscOut& out) {
    const LoMessage m = message_of(out);
    std::size_t size = 0;
    LoBytes bytes(lo_message_serialise(static_cast<lo_message>(m.get()), out.address.c_str(), nullptr, &size));
    return bytes_of(std::move(bytes), size);
}

}  // namespace

std::vector<std::string> osc_datagrams(const std::vector<OscOut>& messages) {
    std::vector<std::string> datagrams;
    if (messages.size() == 1) {
        datagrams.push_back(serialise(messages[0]));
        return datagrams;
    }
    constexpr std::size_t kBundleHeader = 16;  // "#bundle\0" and the time tag
    LoBundle bundle;
    std::size_t length = kBundleHeader;
    const auto flush = [&] {
        if (!bundle) return;
        std::size_t size = 0;
        LoBytes bytes(lo_bundle_serialise(static_cast<lo_bundle>(bundle.get()), nullptr, &size));
        datagrams.push_back(bytes_of(std::move(bytes), size));
        bundle.reset();
        length = kBundleHeader;
    };
    for (const OscOut& out : messages) {
        LoMessage m = message_of(out);
        const auto msg = static_cast<lo_message>(m.get());
        const std::size_t element = 4 + lo_message_length(msg, out.address.c_str());
        if (bundle && length + element > kMaxOscDatagram) flush();
        if (!bundle) bundle.reset(lo_bundle_new(LO_TT_IMMEDIATE));
        if (!bundle || lo_bundle_add_message(static_cast<lo_bundle>(bundle.get()), out.address.c_str(), msg) != 0)
            throw std::bad_alloc();
        // The bundle now holds the message's one reference (liblo counts from 0): freed with the bundle.
        m.release();
        length += element;
    }
    flush();
    return datagrams;
}

}  // namespace headamp::remote
