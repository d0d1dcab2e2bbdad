// Schema checks for one TOML table: typed getters, ranges, unknown keys, and the located error messages.
#include "state/toml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "state/config.hpp"

namespace headamp::state::detail {

std::string location(std::string_view file, const toml::source_region& where) {
    std::string text(file);
    if (where.begin) text += ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column);
    return text;
}

void fail_at(std::string_view file, const toml::source_region& where, const std::string& message) {
    throw ConfigError(location(file, where) + ": " + message);
}

std::string quote_key(std::string_view key) {
    const bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    });
    if (bare) return std::string(key);
    std::string quoted = "\"";
    for (char c : key) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + "\"";
}

std::string describe_type(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::table: return "a table";
        case toml::node_type::array: return "an array";
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a float";
        case toml::node_type::boolean: return "a boolean";
        case toml::node_type::date: return "a date";
        case toml::node_type::time: return "a time";
        case toml::node_type::date_time: return "a date-time";
        case toml::node_type::none: break;
    }
    return "nothing";
}

std::string format_number(double value) {
    std::ostringstream text;
    text << value;
    return text.str();
}

TableReader::TableReader(const toml::table& table, std::string_view file, std::string path, bool array_element)
    : table_(table), file_(file), path_(std::move(path)), array_element_(array_element) {}

void TableReader::mark_known(std::string_view key) {
    if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
}

const toml::node* TableReader::node(std::string_view key) {
    mark_known(key);
    return table_.get(key);
}

std::optional<double> TableReader::number(std::string_view key, double lo, double hi, std::string_view alternative) {
    const toml::node* n = node(key);
    if (!n) return std::nullopt;
    std::string range = "a number from " + format_number(lo) + " to " + format_number(hi);
    if (!alternative.empty()) range += " or " + std::string(alternative);
    double value = 0.0;
    if (auto i = n->as_integer())
        value = static_cast<double>(i->get());
    else if (auto f = n->as_floating_point())
        value = f->get();
    else
        fail(n->source(), key_path(key) + " must be " + range + ", not " + describe_type(*n));
    if (!std::isfinite(value)) fail(n->source(), key_path(key) + " must be " + range + "; nan and inf are not allowed");
    if (value < lo || value > hi)
        fail(n->source(), key_path(key) + " must be " + range + ", not " + format_number(value));
    return value;
}

std::optional<bool> TableReader::boolean(std::string_view key) {
    const toml::node* n = node(key);
    if (!n) return std::nullopt;
    auto b = n->as_boolean();
    if (!b) fail(n->source(), key_path(key) + " must be true or false, not " + describe_type(*n));
    return b->get();
}

std::optional<std::string> TableReader::string(std::string_view key) {
    const toml::node* n = node(key);
    if (!n) return std::nullopt;
    auto s = n->as_string();
    if (!s) fail(n->source(), key_path(key) + " must be a string, not " + describe_type(*n));
    if (s->get().empty()) fail(n->source(), key_path(key) + " must not be empty");
    return s->get();
}

const toml::table* TableReader::table(std::string_view key) {
    const toml::node* n = node(key);
    if (!n) return nullptr;
    auto t = n->as_table();
    if (!t) fail(n->source(), key_path(key) + " must be a table, not " + describe_type(*n));
    return t;
}

void TableReader::reject_unknown_keys() const {
    const toml::key* first = nullptr;
    for (const auto& [key, value] : table_) {
        if (std::find(known_.begin(), known_.end(), key.str()) != known_.end()) continue;
        // toml++ keeps keys sorted; report the one that comes first in the file.
        auto before = [](const toml::source_position& a, const toml::source_position& b) {
            return a.line < b.line || (a.line == b.line && a.column < b.column);
        };
        if (!first || before(key.source().begin, first->source().begin)) first = &key;
    }
    if (!first) return;
    std::string valid;
    for (const std::string& k : known_) valid += (valid.empty() ? "" : ", ") + k;
    const std::string key = quote_key(first->str());
    fail(first->source(),
         "unknown key " + (key.front() == '"' ? key : "'" + key + "'") + (path_.empty() ? " at " : " in ") + header() +
             (valid.empty() ? std::string("; no keys are valid here") : "; valid keys here: " + valid));
}

std::string TableReader::key_path(std::string_view key) const {
    return path_.empty() ? quote_key(key) : path_ + "." + quote_key(key);
}

std::string TableReader::header() const {
    if (path_.empty()) return "the top level";
    return array_element_ ? "[[" + path_ + "]]" : "[" + path_ + "]";
}

void TableReader::fail(const toml::source_region& where, const std::string& message) const {
    fail_at(file_, where, message);
}

void TableReader::fail_here(const std::string& message) const { fail(table_.source(), message); }

}  // namespace headamp::state::detail
