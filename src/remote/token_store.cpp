// The token store (see token_store.hpp): tokens from getrandom(2), nlohmann-json for the file and
// state/atomic_file for the write.
#include "remote/token_store.hpp"

#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "control/paths.hpp"
#include "state/atomic_file.hpp"
#include "util/log.hpp"

namespace headamp::remote {

using nlohmann::json;

namespace {

constexpr const char* kFormat = "headamp-remote-tokens-1";
constexpr std::size_t kTokenBytes = 16;  // 128 bits
constexpr std::size_t kTokenChars = 2 * kTokenBytes;

// 128 random bits from the kernel's generator, written as lower-case hex: URL-safe as it is.
std::string random_token() {
    unsigned char bytes[kTokenBytes];
    std::size_t got = 0;
    while (got < kTokenBytes) {
        const ssize_t n = getrandom(bytes + got, kTokenBytes - got, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw std::runtime_error(std::string("getrandom: ") + std::strerror(errno));
        got += static_cast<std::size_t>(n);
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string token;
    for (const unsigned char b : bytes) {
        token += kHex[b >> 4];
        token += kHex[b & 0xF];
    }
    return token;
}

bool well_formed(const json& token) {
    if (!token.is_string()) return false;
    const std::string& t = token.get_ref<const std::string&>();
    return t.size() == kTokenChars && t.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// Equal without an early exit: the time taken does not say how much of a guess was right.
bool same_token(std::string_view a, const std::string& b) {
    if (a.size() != b.size() || b.empty()) return false;
    unsigned char differ = 0;
    for (std::size_t i = 0; i < b.size(); ++i) differ |= static_cast<unsigned char>(a[i] ^ b[i]);
    return differ == 0;
}

// Why `file` cannot be trusted to hold this user's secrets; nothing when it can.
std::optional<std::string> distrust(const std::filesystem::path& file) {
    struct stat st {};
    if (lstat(file.c_str(), &st) != 0) return std::nullopt;  // missing: read() says so
    if (!S_ISREG(st.st_mode)) return "it is not a regular file";
    if (st.st_uid != geteuid()) return "it belongs to user " + std::to_string(st.st_uid) + ", not to this one";
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) return "others may read or change it (mode is not 0600)";
    return std::nullopt;
}

}  // namespace

TokenStore::TokenStore(std::filesystem::path file) : file_(std::move(file)) { load(); }

std::filesystem::path TokenStore::default_file() { return control::state_dir() / "remote-tokens.json"; }

void TokenStore::load() {
    if (const auto why = distrust(file_)) {
        log::warning("remote tokens: not trusting ", file_.string(), ": ", *why,
                     "; it is replaced, and every remote link gets a new token");
        save();
        return;
    }
    std::ifstream in(file_);
    if (!in) return;
    std::stringstream text;
    text << in.rdbuf();
    const json j = json::parse(text.str(), nullptr, false);
    if (!j.is_object() || !j.contains("format") || j["format"] != kFormat) {
        log::warning("remote tokens: ", file_.string(),
                     " is not a headamp token file; it is replaced, and every remote link gets a new token");
        save();
        return;
    }
    std::size_t dropped = 0;
    const auto take = [&](const json& token, std::string& into) {
        if (well_formed(token))
            into = token.get<std::string>();
        else
            ++dropped;
    };
    if (j.contains("admin")) take(j["admin"], admin_);
    if (j.contains("view")) take(j["view"], view_);
    if (j.contains("mixes") && j["mixes"].is_object())
        for (const auto& [mix, token] : j["mixes"].items()) take(token, mixes_[mix]);
    else if (j.contains("mixes"))
        ++dropped;
    std::erase_if(mixes_, [](const auto& entry) { return entry.second.empty(); });
    if (!dropped) return;
    log::warning("remote tokens: ", file_.string(), " has ", dropped,
                 " unreadable token(s); those links get a new token, the others stay as they were");
    save();
}

void TokenStore::save() const {
    json mixes = json::object();
    for (const auto& [mix, token] : mixes_) mixes[mix] = token;
    json j = {{"format", kFormat}, {"mixes", mixes}};
    if (!admin_.empty()) j["admin"] = admin_;
    if (!view_.empty()) j["view"] = view_;
    std::error_code ec;
    std::filesystem::create_directories(file_.parent_path(), ec);
    // The tokens stay valid in memory when the file cannot be written; the links then change at restart.
    if (const auto error = state::write_file_atomically(file_, j.dump(2) + "\n", 0600))
        log::error("remote tokens: cannot save ", file_.string(), ": ", *error);
}

std::optional<AccessScope> TokenStore::scope_for(std::string_view token) const {
    // Every token is compared, whatever matched, so the time does not depend on which one it was.
    std::optional<AccessScope> scope;
    if (same_token(token, admin_)) scope = AccessScope{AccessLevel::admin, ""};
    if (same_token(token, view_)) scope = AccessScope{AccessLevel::view, ""};
    for (const auto& [mix, t] : mixes_)
        if (same_token(token, t)) scope = AccessScope{AccessLevel::mix, mix};
    return scope;
}

std::string TokenStore::token_for_mix(const std::string& mix) {
    std::string& token = mixes_[mix];
    if (token.empty()) {
        token = random_token();
        save();
    }
    return token;
}

std::string TokenStore::renew(const std::string& mix) {
    std::string& token = mixes_[mix];
    token = random_token();
    save();
    return token;
}

void TokenStore::forget(const std::string& mix) {
    if (mixes_.erase(mix)) save();
}

std::string TokenStore::admin_token() {
    if (admin_.empty()) {
        admin_ = random_token();
        save();
    }
    return admin_;
}

std::string TokenStore::view_token() {
    if (view_.empty()) {
        view_ = random_token();
        save();
    }
    return view_;
}

}  // namespace headamp::remote
