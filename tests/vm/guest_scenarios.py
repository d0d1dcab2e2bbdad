#!/usr/bin/python3
"""Runs inside the test guest (as root, real udevd, real snd-usb-audio): one group of headamp's
whole-system scenarios. Each scenario leaves "ok ..." or "not ok ..." in the results share."""
import os
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guest_lib as g  # noqa: E402


def scenario_qemu_usb_audio():
    """QEMU's own usb-audio hot-added through QMP: udev loads snd-usb-audio, headampd sees the card."""
    d = g.Daemon()
    d.start()
    t0 = time.monotonic()
    g.qmp({"execute": "device_add", "arguments": {"driver": "usb-audio", "id": "ua1", "bus": "xhci.0",
                                                  "audiodev": "a0", "multi": True}})
    card = g.wait_for(lambda: g.usb_card_matching("QEMU USB Audio"), 60, "QEMU usb-audio card")
    g.note(f"qemu usb-audio: card {card} ready {time.monotonic() - t0:.2f} s after device_add")
    g.check("snd_usb_audio" in open("/proc/modules").read(), "snd-usb-audio was loaded by udev")
    dev = g.wait_for(lambda: d.device_on_card(card), 60, "headampd reports the card as a device")
    g.note(f"headampd: device {dev.get('name', dev)} reported {time.monotonic() - t0:.2f} s after device_add")
    g.qmp({"execute": "device_del", "arguments": {"id": "ua1"}})
    g.wait_for(lambda: not g.usb_card_matching("QEMU USB Audio"), 30, "card gone after device_del")
    g.wait_for(lambda: d.device_on_card(card) is None, 30, "headampd forgets the device")
    d.check_alive()
    d.stop()


SCENARIOS = {name[len("scenario_"):].replace("_", "-"): fn for name, fn in globals().items()
             if name.startswith("scenario_")}


def main():
    group, names = sys.argv[1], sys.argv[2:]
    status = 0
    for name in names:
        fn = SCENARIOS.get(name)
        t0 = time.monotonic()
        g.note(f"--- {group}/{name}")
        try:
            if fn is None:
                raise g.Failure(f"no scenario named {name}")
            fn()
            verdict = f"ok ({time.monotonic() - t0:.1f} s)"
        except Exception as e:  # noqa: BLE001 - every failure must reach the report
            g.note(traceback.format_exc())
            g.diagnostics()
            verdict = f"not ok {type(e).__name__}: {e}"
            status = 1
        finally:
            g.cleanup()
        g.note(f"--- {name}: {verdict}")
        g.write_result(name, verdict)
    return status


if __name__ == "__main__":
    sys.exit(main())
