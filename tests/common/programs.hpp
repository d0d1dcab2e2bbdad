// Where the tests find the programs they run as a user would: meson passes their paths in the
// environment; run by hand from the source tree, the build directory's.
#pragma once

#include <cstdlib>
#include <string>

namespace headamp::test {

inline std::string headampd_path() {
    const char* p = std::getenv("HEADAMPD");
    return p ? p : "build/src/daemon/headampd";
}

}  // namespace headamp::test
