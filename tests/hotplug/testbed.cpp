// Test support: umockdev test bed wrapper, record loading, and callback recording.
#include "testbed.hpp"

#include <gtest/gtest.h>
#include <umockdev.h>

#include <poll.h>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace headamp::hotplug::test {

namespace {

// Frees GLib strings returned by umockdev.
struct GlibString {
    gchar* ptr;
    ~GlibString() { g_free(ptr); }
};

}  // namespace

std::string read_data(const std::string& name) {
    const std::filesystem::path file = std::filesystem::path(HOTPLUG_TEST_DATA) / name;
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read test data " + file.string());
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string replace_all(std::string text, const Replacements& replacements) {
    for (const auto& [from, to] : replacements) {
        for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
            text.replace(at, from.size(), to);
    }
    return text;
}

namespace {

UMockdevTestbed* new_testbed() {
    // Without the preload library libudev would read the real /sys: fail rather than test the host.
    // (umockdev_in_mock_environment() only tells whether a test bed exists, not whether it is seen.)
    const char* preload = std::getenv("LD_PRELOAD");
    if (preload == nullptr || std::strstr(preload, "libumockdev-preload") == nullptr)
        throw std::runtime_error("not running under libumockdev-preload: run through meson test");
    return umockdev_testbed_new();
}

}  // namespace

Testbed::Testbed() : bed_(new_testbed()) {}

Testbed::~Testbed() { g_object_unref(bed_); }

void Testbed::add_record(const std::string& record_text) {
    const std::filesystem::path sys = root() / "sys";
    std::string kept;
    std::size_t start = 0;
    while (start < record_text.size()) {
        std::size_t end = record_text.find("\n\n", start);
        if (end == std::string::npos) end = record_text.size();
        const std::string block = record_text.substr(start, end - start);
        start = end + 2;
        if (block.find_first_not_of("\n") == std::string::npos) continue;
        const auto p = block.find("P: ");
        const auto eol = block.find('\n', p);
        const std::string devpath = block.substr(p + 3, eol == std::string::npos ? std::string::npos : eol - p - 3);
        if (std::filesystem::exists(sys / devpath.substr(1) / "uevent")) continue;
        kept += block + "\n\n";
    }
    GError* error = nullptr;
    if (!umockdev_testbed_add_from_string(bed_, kept.c_str(), &error)) {
        const std::string message = error != nullptr ? error->message : "unknown error";
        g_clear_error(&error);
        throw std::runtime_error("umockdev cannot load record: " + message);
    }
}

void Testbed::add_record_file(const std::string& name, const Replacements& replacements) {
    add_record(replace_all(read_data(name), replacements));
}

void Testbed::set_property(const std::string& syspath, const char* name, const char* value) {
    umockdev_testbed_set_property(bed_, syspath.c_str(), name, value);
}

void Testbed::uevent(const std::string& syspath, const char* action) {
    umockdev_testbed_uevent(bed_, syspath.c_str(), action);
}

void Testbed::remove_device(const std::string& syspath) { umockdev_testbed_remove_device(bed_, syspath.c_str()); }

void Testbed::install_stream0(int card, const std::string& content) {
    const std::filesystem::path dir = root() / "proc" / "asound" / ("card" + std::to_string(card));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "stream0", std::ios::binary) << content;
}

std::filesystem::path Testbed::root() const {
    const GlibString dir{umockdev_testbed_get_root_dir(bed_)};
    return dir.ptr;
}

void Recorder::attach(UdevWatcher& watcher) {
    watcher.on_added = [this](const Device& device) { added.push_back(device); };
    watcher.on_removed = [this](const Device& device) { removed.push_back(device); };
}

bool deliver(UdevWatcher& watcher, int timeout_ms) {
    pollfd pfd{watcher.fd(), POLLIN, 0};
    if (poll(&pfd, 1, timeout_ms) != 1 || (pfd.revents & POLLIN) == 0) return false;
    watcher.dispatch();
    return true;
}

}  // namespace headamp::hotplug::test
