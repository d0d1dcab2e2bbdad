// Headless Chromium driven by puppeteer-core (tests/remote/browser/page_driver.cjs) as a child
// process, talked to through two FIFOs: one command out, one JSON answer back. No browser, node or
// puppeteer-core is a failure of the test that wanted one, not a skip.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "daemon_fixture.hpp"

namespace headamp::test {

class BrowserDriver {
public:
    // `dir`: where the FIFOs and the driver's log go.
    explicit BrowserDriver(const std::filesystem::path& dir) : log_(dir / "browser.log") {
        const std::string chromium = env_or("CHROMIUM", "/usr/bin/chromium-headless-shell");
        if (access(chromium.c_str(), X_OK) != 0)
            throw std::runtime_error("no " + chromium + ": install chromium-headless-shell (scripts/deps test)");
        const std::string modules = env_or("HEADAMP_NPM", "/var/cache/headamp-npm") + "/node_modules";
        if (!std::filesystem::exists(modules + "/puppeteer-core"))
            throw std::runtime_error("no puppeteer-core in " + modules + " (scripts/deps test installs it)");
        const std::filesystem::path commands = dir / "browser.in", answers = dir / "browser.out";
        mkfifo(commands.c_str(), 0600);
        mkfifo(answers.c_str(), 0600);
        process_ = std::make_unique<ChildProcess>(
            std::vector<std::string>{env_or("NODE", "/usr/bin/node"), env_or("PAGE_DRIVER", "page_driver.cjs"),
                                     commands.string(), answers.string()},
            std::vector<std::string>{"NODE_PATH=" + modules, "CHROMIUM=" + chromium}, log_.string());
        // Non-blocking opens, retried: a driver that dies before opening its ends must not hang the test.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        answers_ = ::open(answers.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        while ((commands_ = ::open(commands.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
            if (std::chrono::steady_clock::now() > deadline || !process_->running())
                throw std::runtime_error("the browser driver did not start; its log:\n" + log());
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    ~BrowserDriver() {
        if (commands_ >= 0) {
            ask("quit", std::chrono::seconds(10));
            ::close(commands_);
        }
        if (answers_ >= 0) ::close(answers_);
    }
    BrowserDriver(const BrowserDriver&) = delete;
    BrowserDriver& operator=(const BrowserDriver&) = delete;

    // One command; its JSON answer, or {"error": ...} when none came in time.
    nlohmann::json ask(const std::string& command, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
        const std::string line = command + "\n";
        if (::write(commands_, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
            return {{"error", "cannot write to the driver"}};
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            if (const std::size_t nl = buffer_.find('\n'); nl != std::string::npos) {
                const std::string answer = buffer_.substr(0, nl);
                buffer_.erase(0, nl + 1);
                return nlohmann::json::parse(answer);
            }
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
            pollfd p{answers_, POLLIN, 0};
            if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) < 0)
                return {{"error", "no answer to '" + command + "' in time"}};
            char chunk[4096];
            const ssize_t n = ::read(answers_, chunk, sizeof chunk);
            if (n > 0)
                buffer_.append(chunk, static_cast<std::size_t>(n));
            else if (!process_->running())
                return {{"error", "the driver died; its log:\n" + log()}};
            else
                std::this_thread::sleep_for(std::chrono::milliseconds(5));  // no writer yet (EOF on a FIFO)
        }
    }

    std::string log() const {
        std::ifstream in(log_);
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

private:
    std::filesystem::path log_;
    std::unique_ptr<ChildProcess> process_;
    int commands_ = -1;
    int answers_ = -1;
    std::string buffer_;
};

}  // namespace headamp::test
