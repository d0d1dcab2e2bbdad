// Fuzz target: the control socket's bytes as a client sends them: framed into lines (in any chunks,
// with any line limit), each line parsed as JSON and read as a request through its strict field
// accessors and the parsers of the values requests carry (outputs, names), and the answer written.
// Input: a byte for the chunk size, a byte for a small line limit, then the stream.
#include "fuzz_target.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "control/control_server.hpp"
#include "control/graph_edits.hpp"
#include "control/line_reader.hpp"
#include "control/name_match.hpp"
#include "control/output_spec.hpp"
#include "control/request.hpp"
#include "control/snapshots.hpp"

using namespace headamp;
using nlohmann::json;

namespace {

std::vector<control::Line> read_lines(std::string_view stream, std::size_t limit, std::size_t chunk) {
    control::LineReader reader(limit);
    std::vector<control::Line> lines;
    for (std::size_t at = 0; at < stream.size(); at += chunk)
        for (control::Line& line : reader.feed(stream.substr(at, chunk))) lines.push_back(std::move(line));
    return lines;
}

bool same(const std::vector<control::Line>& a, const std::vector<control::Line>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].text != b[i].text || a[i].too_long != b[i].too_long) return false;
    return true;
}

void check_framing(const std::vector<control::Line>& lines, std::size_t limit) {
    for (const control::Line& line : lines) {
        FUZZ_CHECK(!line.too_long || line.text.empty(), "a dropped line kept its text");
        FUZZ_CHECK(line.text.size() <= limit, "a line over the limit was passed on");
        FUZZ_CHECK(line.text.find('\n') == std::string::npos, "a line with a newline in it");
    }
}

// Reads every field of the request the way the operations do; a refusal must be a RequestError.
void read_fields(const control::Request& r, const json& request) {
    for (const auto& [key, value] : request.items()) {
        try {
            r.opt_string(key.c_str());
        } catch (const control::RequestError&) {}
        try {
            if (const auto v = r.opt_number(key.c_str(), -120.0, 24.0))
                FUZZ_CHECK(std::isfinite(*v) && *v >= -120.0 && *v <= 24.0, key + " = " + value.dump());
        } catch (const control::RequestError&) {}
        try {
            r.opt_switch(key.c_str());
        } catch (const control::RequestError&) {}
    }
    try {
        r.allow_only({"mix", "source", "level_db", "mute"});
    } catch (const control::RequestError&) {}
}

void read_values(const control::Request& r) {
    try {
        if (const auto output = r.opt_string("output")) {
            const control::OutputSpec spec = control::parse_output_spec(*output);
            if (!spec.device.empty())
                FUZZ_CHECK(spec.channels[0] >= 1 && spec.channels[1] >= 1, *output);
            else
                FUZZ_CHECK(!spec.ports[0].empty() && !spec.ports[1].empty(), *output);
            const auto ports = control::resolve_output(spec, [](const std::string& device) {
                return device == "system"
                           ? std::optional<std::vector<std::string>>({"system:playback_1", "system:playback_2"})
                           : std::nullopt;
            });
            FUZZ_CHECK(!ports[0].empty() && !ports[1].empty(), *output);
        }
    } catch (const control::RequestError&) {}
    const std::vector<std::string> names{"vox", "keys", "Keys-2", "bass"};
    for (const char* field : {"mix", "source", "name"}) {
        try {
            if (const auto name = r.opt_string(field)) {
                FUZZ_CHECK(control::match_name(names, *name, field) < names.size(), *name);
            }
        } catch (const control::RequestError&) {}
    }
    try {
        if (const auto name = r.opt_string("name")) {
            control::check_new_name(*name, "mix");
            control::Snapshots::check_name(*name);
        }
    } catch (const control::RequestError&) {}
}

// As ControlServer::handle_line and RequestHandler::handle treat a line, without a daemon behind them.
void handle_line(const std::string& text) {
    json request;
    try {
        request = json::parse(text);
    } catch (const json::exception&) {
        return;
    }
    json answer = {{"id", nullptr}, {"ok", true}};
    try {
        const control::Request r(request);
        FUZZ_CHECK(request.is_object() && request["op"].is_string(), "a request without a string op was taken");
        read_fields(r, request);
        read_values(r);
    } catch (const control::RequestError& e) {
        answer = {{"id", nullptr}, {"error", e.what()}};
    }
    if (request.is_object() && request.contains("id") &&
        (request["id"].is_number_integer() || request["id"].is_string()))
        answer["id"] = request["id"];
    const std::string line = control::to_line(answer);
    FUZZ_CHECK(line.find('\n') == line.size() - 1, "an answer that is not exactly one line");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::FuzzInput in(data, size);
    const std::size_t chunk = 1 + in.byte();
    const std::size_t small_limit = 1 + in.byte() % 64;
    const std::string_view stream = in.rest();

    const std::vector<control::Line> lines = read_lines(stream, control::kMaxLineBytes, stream.size() + 1);
    check_framing(lines, control::kMaxLineBytes);
    FUZZ_CHECK(same(lines, read_lines(stream, control::kMaxLineBytes, chunk)), "lines depend on how the bytes arrive");
    const std::vector<control::Line> short_lines = read_lines(stream, small_limit, stream.size() + 1);
    check_framing(short_lines, small_limit);
    FUZZ_CHECK(same(short_lines, read_lines(stream, small_limit, chunk)),
               "dropped lines depend on how the bytes arrive");

    for (const control::Line& line : lines)
        if (!line.too_long && !line.text.empty()) handle_line(line.text);
    return 0;
}
