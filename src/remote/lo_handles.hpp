// Owners of liblo's handles: a message and a bundle, each freed by its destructor.
#pragma once

#include <lo/lo.h>

#include <cstdlib>
#include <memory>

namespace headamp::remote {

struct LoMessageFree {
    void operator()(void* m) const { lo_message_free(static_cast<lo_message>(m)); }
};
// A bundle takes a reference to each message added to it and frees them with itself (a message is born
// with none: after lo_bundle_add_message, release the LoMessage).
struct LoBundleFree {
    void operator()(void* b) const { lo_bundle_free_recursive(static_cast<lo_bundle>(b)); }
};
// The memory lo_message_serialise and lo_bundle_serialise return.
struct LoBytesFree {
    void operator()(void* p) const { std::free(p); }
};

using LoMessage = std::unique_ptr<void, LoMessageFree>;
using LoBundle = std::unique_ptr<void, LoBundleFree>;
using LoBytes = std::unique_ptr<void, LoBytesFree>;

}  // namespace headamp::remote
