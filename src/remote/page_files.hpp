// The phone page's files (src/remote/page/), built into the binary by embed_page.py: no CDN, no
// download, the page works on a stage with no internet.
#pragma once

#include <span>
#include <string_view>

namespace headamp::remote {

struct PageFile {
    std::string_view path;  // "/app.js"; the index is "/"
    std::string_view content_type;
    std::string_view body;
};

std::span<const PageFile> page_files();

}  // namespace headamp::remote
