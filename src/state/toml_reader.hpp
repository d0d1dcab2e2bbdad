// Reads one TOML table against a fixed schema: typed and range-checked values, errors at FILE:LINE:COL, no unknown
// keys.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

namespace headamp::state::detail {

// "FILE:LINE:COL" for a place in the file (just "FILE" when toml++ knows no position).
std::string location(std::string_view file, const toml::source_region& where);

// Throws ConfigError("FILE:LINE:COL: message").
[[noreturn]] void fail_at(std::string_view file, const toml::source_region& where, const std::string& message);

// A key as it would be written in the file: bare when it can be, otherwise in double quotes.
std::string quote_key(std::string_view key);

// "a string", "an integer", "a table", ... for error messages.
std::string describe_type(const toml::node& node);

// Shortest decimal text of a number for messages ("-120", "0.707").
std::string format_number(double value);

// One table of the file. Every getter marks its key as known; reject_unknown_keys() then finds typos,
// which must never be silently ignored. A getter returns nothing when the key is absent and throws
// ConfigError when it is present with the wrong type or value.
class TableReader {
public:
    // path: the table's dotted key path ("mix.eq"); empty for the top level.
    // array_element: the table is one element of an array of tables ([[mix]]).
    TableReader(const toml::table& table, std::string_view file, std::string path, bool array_element = false);

    // Integers are accepted; nan and inf are not. `alternative` is named in messages as another valid value.
    std::optional<double> number(std::string_view key, double lo, double hi, std::string_view alternative = {});
    std::optional<bool> boolean(std::string_view key);
    std::optional<std::string> string(std::string_view key);  // must not be empty
    const toml::table* table(std::string_view key);
    const toml::node* node(std::string_view key);  // any type; the caller checks it

    // Throws on the first key (in file order) that no getter asked for, naming the valid keys.
    void reject_unknown_keys() const;

    // "mix.send.vox.level_db": the full dotted path of a key of this table, for messages.
    std::string key_path(std::string_view key) const;
    // "[mix.eq]", "[[source]]" or "the top level".
    std::string header() const;
    const std::string& path() const { return path_; }
    std::string_view file() const { return file_; }
    const toml::table& raw() const { return table_; }

    [[noreturn]] void fail(const toml::source_region& where, const std::string& message) const;
    // For something missing from the table as a whole: reported at its header.
    [[noreturn]] void fail_here(const std::string& message) const;

private:
    void mark_known(std::string_view key);

    const toml::table& table_;
    std::string_view file_;
    std::string path_;
    bool array_element_;
    std::vector<std::string> known_;
};

}  // namespace headamp::state::detail
