// A headamp screen in a private tmux server: keys in, the screen's text out (send-keys, capture-pane).
#pragma once

#include "run_headamp.hpp"

namespace headamp::test {

class Tmux {
public:
    Tmux(const std::string& name, const std::string& command) : socket_(name) {
        sh("tmux -L " + socket_ + " new-session -d -s ui -x 80 -y 24 " + shell_quote(command));
    }
    ~Tmux() { sh("tmux -L " + socket_ + " kill-server 2>/dev/null"); }
    void keys(const std::string& keys) { sh("tmux -L " + socket_ + " send-keys -t ui " + keys); }
    void resize(int x, int y) {
        sh("tmux -L " + socket_ + " resize-window -t ui -x " + std::to_string(x) + " -y " + std::to_string(y));
    }
    std::string screen() {
        FILE* p = popen(("tmux -L " + socket_ + " capture-pane -p -t ui 2>/dev/null").c_str(), "r");
        std::string out;
        char buf[4096];
        std::size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        pclose(p);
        return out;
    }
    bool shows(const std::string& text, std::chrono::milliseconds timeout = 3s) {
        return JackHandle::wait_for([&] { return screen().find(text) != std::string::npos; }, timeout);
    }
    bool running() { return std::system(("tmux -L " + socket_ + " has-session -t ui 2>/dev/null").c_str()) == 0; }

private:
    static void sh(const std::string& c) { [[maybe_unused]] int rc = std::system(c.c_str()); }
    std::string socket_;
};

}  // namespace headamp::test
