// The phone links as text (see remote_render.hpp).
#include "cli/remote_render.hpp"

#include "cli/qr_code.hpp"

namespace headamp::cli {

using nlohmann::json;

namespace {

std::string text(const json& j, const char* field) { return j.at(field).get<std::string>(); }

std::string qr_block(const std::string& url) {
    std::string out;
    for (const std::string& line : qr_lines(url)) out += "  " + line + "\n";
    return out;
}

}  // namespace

std::string render_remote(const json& answer) {
    std::string out;
    const bool page = answer.contains("admin_url");
    if (!page)
        out +=
            "The phone page is off: set [remote] listen = \"ADDR:PORT\" in headamp.conf (headamp.conf(5)).\n"
            "The tokens its links will carry:\n";
    for (const json& m : answer.at("mixes")) {
        if (page)
            out += "mix " + text(m, "mix") + "  " + text(m, "url") + "\n" + qr_block(text(m, "url")) + "\n";
        else
            out += "  mix " + text(m, "mix") + "  " + text(m, "token") + "\n";
    }
    if (answer.at("mixes").empty()) out += "no mixes yet: each mix gets its own link\n";
    if (page) {
        out += "admin (every mix)  " + text(answer, "admin_url") + "\n";
        out += "view (look only)   " + text(answer, "view_url") + "\n";
    } else {
        out += "  admin  " + text(answer, "admin_token") + "\n";
        out += "  view   " + text(answer, "view_token") + "\n";
    }
    if (answer.value("osc_port", json()).is_number())
        out += "OSC: udp port " + std::to_string(answer["osc_port"].get<int>()) + " (headamp-osc(7))\n";
    return out;
}

std::string render_renewed(const json& answer) {
    const std::string mix = text(answer, "mix");
    if (!answer.contains("url")) return "mix " + mix + " has a new token: " + text(answer, "token") + "\n";
    const std::string url = text(answer, "url");
    return "mix " + mix + " has a new link (the old one no longer works):\n" + url + "\n" + qr_block(url);
}

}  // namespace headamp::cli
