// Runs the headamp command as a user would, capturing its output and exit status.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "daemon_fixture.hpp"

namespace headamp::test {

struct Result {
    int status = -1;
    std::string out, err;
    json parsed() const { return json::parse(out); }
};

inline std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

inline std::string headamp_path() { return env_or("HEADAMP", "build/src/cli/headamp"); }

inline Result run_headamp(const std::vector<std::string>& args,
                          const std::string& stderr_file = "/tmp/headamp-cli-test.err") {
    std::string cmd = shell_quote(headamp_path());
    for (const std::string& a : args) cmd += " " + shell_quote(a);
    const std::string err_file = stderr_file + "." + std::to_string(getpid());
    cmd += " 2>" + shell_quote(err_file);
    Result r;
    FILE* p = popen(cmd.c_str(), "r");
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    std::ifstream in(err_file);
    r.err.assign(std::istreambuf_iterator<char>(in), {});
    std::remove(err_file.c_str());
    return r;
}

// A test with a daemon of its own (named `name` among the tests' daemons), and headamp run against it.
class CliTest : public ::testing::Test {
protected:
    explicit CliTest(std::string name) : name_(std::move(name)) {}
    void SetUp() override { daemon = std::make_unique<Daemon>(name_); }
    Result headamp(std::vector<std::string> args) {
        args.insert(args.begin(), {"--socket", daemon->socket});
        return run_headamp(args);
    }
    // `headamp --json ARGS`, which must succeed, parsed.
    json ok_json(std::vector<std::string> args) {
        args.insert(args.begin(), "--json");
        const Result r = headamp(args);
        EXPECT_EQ(r.status, 0) << r.err;
        return r.status == 0 ? r.parsed() : json();
    }
    std::unique_ptr<Daemon> daemon;

private:
    std::string name_;
};

}  // namespace headamp::test
