// The secrets in the remote links: one random token per mix, one admin and one view token, kept in the
// state dir (remote-tokens.json, mode 0600), and the scope each one opens.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "control/remote_tokens.hpp"
#include "remote/access_scope.hpp"

namespace headamp::remote {

class TokenStore final : public control::RemoteTokens {
public:
    // Reads `file`. A missing file starts empty. A file that is not headamp's (not owned by this user, or
    // readable by others, or not a regular file) is not trusted: its tokens are all replaced. A corrupt
    // one keeps every token that can still be read. Either is said in a log line, and the file is
    // written again as soon as a token is made.
    explicit TokenStore(std::filesystem::path file);

    // $XDG_STATE_HOME/headamp/remote-tokens.json, else ~/.local/state/headamp/remote-tokens.json.
    static std::filesystem::path default_file();

    // The scope `token` opens; nothing for a token that is not one of these. The comparison takes the
    // same time wherever a wrong token differs, so timing tells an attacker nothing.
    std::optional<AccessScope> scope_for(std::string_view token) const;

    std::string token_for_mix(const std::string& mix) override;
    std::string renew(const std::string& mix) override;
    void forget(const std::string& mix) override;
    std::string admin_token() override;
    std::string view_token() override;

    const std::filesystem::path& file() const { return file_; }

private:
    void load();
    void save() const;

    std::filesystem::path file_;
    std::string admin_;
    std::string view_;
    std::map<std::string, std::string> mixes_;  // mix name → token
};

}  // namespace headamp::remote
