// The remote links' secrets as the control room sees them: the `remote` operation reads them,
// `remote_renew` and `mix_remove` change them. remote/TokenStore keeps them; NoRemoteTokens stands in
// where headampd keeps none (tests of the handler alone).
#pragma once

#include <string>

#include "control/request.hpp"

namespace headamp::control {

class RemoteTokens {
public:
    virtual ~RemoteTokens() = default;

    // The token of `mix`'s link, made when first asked for.
    virtual std::string token_for_mix(const std::string& mix) = 0;
    // A new token for `mix`; its old link stops working. The other tokens stay as they are.
    virtual std::string renew(const std::string& mix) = 0;
    // Drops `mix`'s token (the mix was removed), so a mix made later under its name gets a new one.
    virtual void forget(const std::string& mix) = 0;
    virtual std::string admin_token() = 0;
    virtual std::string view_token() = 0;
};

class NoRemoteTokens final : public RemoteTokens {
public:
    std::string token_for_mix(const std::string&) override { throw absent(); }
    std::string renew(const std::string&) override { throw absent(); }
    void forget(const std::string&) override {}
    std::string admin_token() override { throw absent(); }
    std::string view_token() override { throw absent(); }

private:
    static RequestError absent() { return RequestError("this headampd keeps no remote tokens"); }
};

}  // namespace headamp::control
