// One move-only owner per libudev handle (udev, udev_monitor, udev_enumerate, udev_device): unref in the destructor.
#pragma once

#include <libudev.h>

#include <utility>

namespace headamp::hotplug {

// libudev's unref functions all have the shape `T* unref(T*)`, so one template covers the four handles.
template <typename T, T* (*Unref)(T*)>
class UdevHandle {
public:
    UdevHandle() noexcept = default;
    // Takes over a reference the caller owns (the result of a udev_*_new or udev_*_ref call).
    explicit UdevHandle(T* owned) noexcept : ptr_(owned) {}
    ~UdevHandle() { reset(); }

    UdevHandle(const UdevHandle&) = delete;
    UdevHandle& operator=(const UdevHandle&) = delete;
    UdevHandle(UdevHandle&& other) noexcept : ptr_(std::exchange(other.ptr_, nullptr)) {}
    UdevHandle& operator=(UdevHandle&& other) noexcept {
        if (this != &other) reset(std::exchange(other.ptr_, nullptr));
        return *this;
    }

    T* get() const noexcept { return ptr_; }
    explicit operator bool() const noexcept { return ptr_ != nullptr; }

    void reset(T* owned = nullptr) noexcept {
        T* old = std::exchange(ptr_, owned);
        if (old != nullptr) Unref(old);
    }

private:
    T* ptr_ = nullptr;
};

using Udev = UdevHandle<udev, udev_unref>;
using UdevMonitor = UdevHandle<udev_monitor, udev_monitor_unref>;
using UdevEnumerate = UdevHandle<udev_enumerate, udev_enumerate_unref>;
// Only for devices we were handed a reference to; parents from udev_device_get_parent*() are
// owned by their child and must not be wrapped.
using UdevDevice = UdevHandle<udev_device, udev_device_unref>;

}  // namespace headamp::hotplug
