// OSC messages to datagrams with liblo: one message alone, several in bundles (time tag "immediately")
// of at most kMaxOscDatagram bytes, so that a surface on Wi-Fi gets whole packets.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "remote/osc_view.hpp"

namespace headamp::remote {

inline constexpr std::size_t kMaxOscDatagram = 1400;

std::vector<std::string> osc_datagrams(const std::vector<OscOut>& messages);

}  // namespace headamp::remote
