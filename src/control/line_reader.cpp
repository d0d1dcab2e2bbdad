// Line framing with a length limit (see line_reader.hpp).
#include "control/line_reader.hpp"

namespace headamp::control {

std::vector<Line> LineReader::feed(std::string_view bytes) {
    std::vector<Line> lines;
    while (!bytes.empty()) {
        const std::size_t nl = bytes.find('\n');
        const std::string_view chunk = bytes.substr(0, nl);
        if (!skipping_) {
            partial_.append(chunk);
            if (partial_.size() > max_) {
                partial_.clear();
                skipping_ = true;
                lines.push_back({{}, true});
            }
        }
        if (nl == std::string_view::npos) break;
        if (!skipping_) {
            if (!partial_.empty() && partial_.back() == '\r') partial_.pop_back();
            lines.push_back({std::move(partial_), false});
        }
        partial_.clear();
        skipping_ = false;
        bytes.remove_prefix(nl + 1);
    }
    return lines;
}

}  // namespace headamp::control
