// Decides whether a udev sound card is a USB class-compliant audio interface, and builds its Device.
#pragma once

#include "hotplug/card_attributes.hpp"
#include "hotplug/device.hpp"

#include <filesystem>
#include <optional>

struct udev_device;

namespace headamp::hotplug {

// True once udev has run the card's rules (the SOUND_INITIALIZED property, set on a `change`
// event after all of the card's ALSA devices exist); before that its controls may be missing.
bool is_sound_initialized(udev_device* card) noexcept;

// The Device for `card` when it is a USB Audio Class interface: its parent USB interface has
// bInterfaceClass 01 and is driven by snd-usb-audio. std::nullopt for anything else (platform
// cards, gadget cards without a USB parent, other drivers) or for a device whose USB ids are not
// readable. Channel counts come from <proc_root>/asound/cardN/stream0.
std::optional<Device> probe_card(udev_device* card, const std::filesystem::path& proc_root);

}  // namespace headamp::hotplug
