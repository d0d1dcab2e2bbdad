"""The kernel's own USB Audio Class 2 device: the configfs `uac2` gadget function on usbip-vudc, attached
to the guest's vhci_hcd (tests/vm/README.md). A UAC2 interface as snd-usb-audio sees modern ones, with volume and
mute controls that carry dB, and a second ALSA card on the gadget side that belongs to no USB device.
Its streams do not run (neither vudc nor dummy_hcd moves isochronous data on 6.1): it is for controls
and for what headamp must ignore, not for sound."""
import json
import os
import socket
import subprocess
import time

import guest_lib as g

CONFIGFS = "/sys/kernel/config"
VUDC = "/sys/devices/platform/usbip-vudc.0"
VHCI = "/sys/devices/platform/vhci_hcd.0"


def write(path, value):
    with open(path, "w") as f:
        f.write(str(value))


class Uac2Gadget:
    """One gadget, plugged into vhci_hcd port `port` (0-7: the high-speed hub)."""

    def __init__(self, port=0, serial="VMUAC2", name="VM UAC2", vendor=0x1209, product=0x4842):
        self.port, self.serial, self.name = port, serial, name
        self.vendor, self.product = vendor, product
        self.root = f"{CONFIGFS}/usb_gadget/headamp{port}"
        self.attached = False

    def plug(self):
        for m in ("libcomposite", "usb_f_uac2", "usbip-vudc", "vhci-hcd"):
            subprocess.run(["modprobe", m], check=True, capture_output=True)
        if not os.path.isdir(f"{CONFIGFS}/usb_gadget"):
            subprocess.run(["mount", "-t", "configfs", "configfs", CONFIGFS], check=True)
        r = self.root
        os.makedirs(f"{r}/strings/0x409", exist_ok=True)
        write(f"{r}/idVendor", hex(self.vendor))
        write(f"{r}/idProduct", hex(self.product))
        write(f"{r}/strings/0x409/serialnumber", self.serial)
        write(f"{r}/strings/0x409/manufacturer", "headamp")
        write(f"{r}/strings/0x409/product", self.name)
        fn = f"{r}/functions/uac2.0"
        os.makedirs(fn, exist_ok=True)
        # p_*: what the host captures; c_*: what the host plays. Set before the function is linked.
        for side in ("p", "c"):
            write(f"{fn}/{side}_chmask", 3)
            write(f"{fn}/{side}_srate", 48000)
            write(f"{fn}/{side}_ssize", 2)
            write(f"{fn}/{side}_volume_present", 1)
            write(f"{fn}/{side}_mute_present", 1)
        os.makedirs(f"{r}/configs/c.1/strings/0x409", exist_ok=True)
        write(f"{r}/configs/c.1/strings/0x409/configuration", "audio")
        if not os.path.islink(f"{r}/configs/c.1/uac2.0"):
            os.symlink(fn, f"{r}/configs/c.1/uac2.0")
        write(f"{r}/UDC", "usbip-vudc.0")
        g.on_cleanup(self.unplug)
        # The two ends of one socket: the device side to vudc, the host side to vhci (HIGH speed = 3).
        dev_end, host_end = socket.socketpair()
        write(f"{VUDC}/usbip_sockfd", dev_end.fileno())
        write(f"{VHCI}/attach", f"{self.port} {host_end.fileno()} {((self.port + 1) << 16) | 3} 3")
        dev_end.close()
        host_end.close()  # the kernel holds its own references
        self.attached = True

    def unplug(self):
        if self.attached:
            try:
                write(f"{VHCI}/detach", self.port)
            except OSError as e:
                g.note(f"vhci detach {self.port}: {e}")
            self.attached = False
        if os.path.exists(f"{self.root}/UDC"):
            try:
                write(f"{self.root}/UDC", "")
            except OSError as e:
                g.note(f"gadget unbind: {e}")


def gadget_side_cards():
    """ALSA cards of the gadget itself (under usbip-vudc, no USB device above them)."""
    cards = []
    for path in os.listdir("/sys/class/sound"):
        if path.startswith("card") and "usbip-vudc" in os.path.realpath(f"/sys/class/sound/{path}"):
            cards.append(int(path[4:]))
    return cards



def cpu_seconds(pid):
    """User + system CPU seconds of a process so far."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def scenario_uac2_controls():
    """A UAC2 interface (the kernel's gadget) next to the emulated one that carries JACK: headamp finds it
    by its USB identity and ignores the gadget's own card; its controls come with dB and classified;
    headamp sets them in dB, sees amixer's changes, survives bridges that cannot stream, and forgets
    the interface when it is pulled."""
    d = g.Daemon()
    d.start()
    stay = g.Emulator(port=0, inputs=2, outputs=2, tones="440,660", serial="VMSTAYS", name="VM Stays")
    g.plug_and_patch(d, stay)
    mark = stay.playback_mark()
    time.sleep(2.0)
    g.note(f"the staying interface alone plays at {stay.playback_since(mark)[2]:.0f}% of real time")
    gadget = Uac2Gadget(port=1)
    t0 = time.monotonic()
    gadget.plug()
    card = g.wait_for(lambda: g.usb_card_matching("VM UAC2"), 60, "the UAC2 interface's card")
    g.note(f"UAC2 gadget: host card {card} ready {time.monotonic() - t0:.2f} s after attach; gadget-side "
           f"cards {gadget_side_cards()}")
    g.check(gadget_side_cards(), "the gadget's own card exists (the case headamp must ignore)")
    dev = g.wait_for(lambda: d.patched_on_card(card), 60, f"headampd patches card {card}")
    g.check(dev["identity"] == "1209:4842:VMUAC2", f"known by its USB identity: {dev['identity']}")
    g.check(dev["capture_channels"] == 2 and dev["playback_channels"] == 2, "2 capture, 2 playback channels")
    cards = sorted(x["card"] for x in d.status()["devices"])
    g.check(not set(gadget_side_cards()) & set(cards), f"the gadget-side card is not a device (devices on {cards})")
    g.note(subprocess.run(["amixer", "-c", str(card), "contents"], capture_output=True, text=True).stdout)

    controls = {c["name"]: c for c in json.loads(d.cli("--json", "controls", dev["identity"]).stdout)["controls"]}
    for name, c in controls.items():
        g.note(f"  {name}: {c['kind']}, {c['category']}, {c.get('db_min')}..{c.get('db_max')} dB, {c['value']}")
    out, gain = controls["Playback Volume Playback Volume"], controls["Capture Volume Capture Volume"]
    g.check(out["category"] == "output" and (out["db_min"], out["db_max"]) == (-100.0, 0.0),
            "the playback volume is the interface's output volume, -100..0 dB")
    g.check(gain["category"] == "input-gain" and (gain["db_min"], gain["db_max"]) == (-100.0, 0.0),
            "the capture volume is its input gain, -100..0 dB")

    # Hardware-first gain staging on a UAC2 control: the mix master turns the interface down.
    d.cli("master", dev["outputs"][0], "-12dB")

    def amixer_raw(name):
        r = subprocess.run(["amixer", "-c", str(card), "cget", f"name={name}"], capture_output=True, text=True)
        vals = [l for l in r.stdout.splitlines() if l.strip().startswith(": values=")]
        return int(vals[0].split("=")[1].split(",")[0]) if vals else None
    g.wait_for(lambda: amixer_raw("Playback Volume Playback Volume") == 88, 20,
               "the interface's playback volume at -12 dB (raw 88 of 0..100), set by the mix master")
    g.note("  checked: the mix master at -12 dB put the interface's own playback volume at -12 dB")
    # An outside change: amixer sets the input gain to -30 dB; headamp shows it.
    subprocess.run(["amixer", "-c", str(card), "cset", "name=Capture Volume Capture Volume", "70"], check=True,
                   capture_output=True)

    def shown():
        lst = json.loads(d.cli("--json", "controls", dev["identity"]).stdout)["controls"]
        c = next(c for c in lst if c["name"] == "Capture Volume Capture Volume")
        return c if c["values"] == [70] else None
    c = g.wait_for(shown, 20, "headamp shows amixer's change of the input gain")
    g.check(abs(c["db"][0] + 30.0) < 0.01, f"headamp reads it as -30 dB: {c['db']}")
    # A control set through headamp in dB.
    d.cli("control", dev["identity"], "Capture Volume Capture Volume", "-6dB")
    g.wait_for(lambda: amixer_raw("Capture Volume Capture Volume") == 94, 20, "headamp set the input gain to -6 dB")
    g.note("  checked: 'headamp control ... -6dB' put the input gain at -6 dB (raw 94)")

    # Its streams never run: the bridges start, find nothing moving, and must not take the rest down.
    time.sleep(3.0)
    mark, cpu0 = stay.playback_mark(), cpu_seconds(d.proc.pid)
    time.sleep(3.0)
    rate = stay.playback_since(mark)[2]
    g.note(f"with the UAC2 interface's bridges up, the staying interface plays at {rate:.0f}% of real time; "
           f"headampd used {cpu_seconds(d.proc.pid) - cpu0:.2f} s of CPU in 3 s; "
           f"JACK xruns so far: {d.status()['jack']['xruns']}")
    subprocess.run(["sh", "-c", f"ps -eo pid,pcpu,args | grep -E 'zita|jackd' | grep -v grep >> {g.RESULTS}/guest.log"])
    d.check_alive()
    g.check(rate >= 10, f"the staying interface keeps playing ({rate:.0f}% of real time)")

    t0 = time.monotonic()
    gadget.unplug()
    g.wait_for(lambda: d.device_on_card(card) is None, 60, "headampd forgets the UAC2 interface")
    g.note(f"pulled: forgotten {time.monotonic() - t0:.2f} s after detach")
    d.check_alive()
