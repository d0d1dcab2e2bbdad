#!/usr/bin/python3
"""A USB audio interface in user space: speaks USB/IP to the kernel's vhci_hcd over a socketpair and
presents a UAC1 device (full speed, 48 kHz S16) with the channel counts, strings and feature units the
test asks for; capture channels carry sines of known frequencies, or (loopN) what was played on
playback channel N. A line-based control socket reports counters and records what was played.

Usage: usbip_audio.py --port P --control SOCK [--in 4] [--out 2] [--tones 440,660,880,1100]
                      [--vendor 0x1209] [--product 0x4841] [--manufacturer M] [--name N] [--serial S]
Control commands (one line each, one JSON line back): stats | controls |
  record SECONDS PATH (answers when done) | tone CH FREQ AMPLITUDE | quit.
The interface is unplugged by stopping the program (SIGTERM) or by `quit`: the kernel sees the socket
close and disconnects the device like a pulled cable.
"""
import argparse
import array
import collections
import json
import math
import os
import select
import signal
import socket
import struct
import sys
import time

RATE = 48000
FRAMES_PER_MS = RATE // 1000
EPIPE, ECONNRESET = 32, 104
CMD_SUBMIT, CMD_UNLINK, RET_SUBMIT, RET_UNLINK = 1, 2, 3, 4
EP_OUT, EP_IN = 0x01, 0x82  # playback (host -> device), capture (device -> host)
VOL_MIN, VOL_MAX, VOL_RES = -60 * 256, 0, 256  # 1/256 dB, as UAC1 wants


def string_desc(s):
    data = s.encode("utf-16-le")
    return bytes([2 + len(data), 3]) + data


class Descriptors:
    """UAC1 descriptors: IT(usb) -> FU(mute, volume) -> OT(headphones) for playback;
    IT(line in) -> FU(mute, volume) -> OT(usb) for capture; one streaming interface each."""

    def __init__(self, a):
        self.n_in, self.n_out = a.inputs, a.outputs
        self.strings = [a.manufacturer, a.name, a.serial, "48V Phantom Power"]
        self.device = struct.pack("<BBHBBBBHHHBBBB", 18, 1, 0x0110, 0, 0, 0, 64, a.vendor, a.product, 0x0100,
                                  1, 2, 3 if a.serial else 0, 1)
        ac = b""
        streaming = []
        if self.n_out:
            ac += struct.pack("<BBBBHBBHBB", 12, 0x24, 2, 1, 0x0101, 0, self.n_out, chan_config(self.n_out), 0, 0)
            ac += bytes([7 + 2, 0x24, 6, 2, 1, 1, 0x03, 0x00, 0])  # FU 2: master mute + volume
            ac += struct.pack("<BBBBHBBB", 9, 0x24, 3, 3, 0x0302, 0, 2, 0)  # OT 3: headphones
            streaming.append((1, self.n_out, EP_OUT, 0x09))  # terminal link 1, adaptive
        if self.n_in:
            ac += struct.pack("<BBBBHBBHBB", 12, 0x24, 2, 4, 0x0603, 0, self.n_in, chan_config(self.n_in), 0, 0)
            if a.phantom:  # FU 7: a switch the driver names after its iFeature string, "48V Phantom Power"
                ac += bytes([7 + 2, 0x24, 6, 7, 4, 1, 0x01, 0x00, 4])
            ac += bytes([7 + 2, 0x24, 6, 5, 7 if a.phantom else 4, 1, 0x03, 0x00, 0])  # FU 5: mute + volume
            ac += struct.pack("<BBBBHBBB", 9, 0x24, 3, 6, 0x0101, 0, 5, 0)  # OT 6: USB streaming
            streaming.append((6, self.n_in, EP_IN, 0x05))  # terminal link 6, asynchronous
        n_as = len(streaming)
        header = struct.pack("<BBBHH", 8 + n_as, 0x24, 1, 0x0100, 8 + n_as + len(ac)) + bytes([n_as]) + \
            bytes(range(1, n_as + 1))
        body = struct.pack("<BBBBBBBBB", 9, 4, 0, 0, 0, 1, 1, 0, 0) + header + ac
        self.ifaces = {}
        for i, (link, ch, ep, attr) in enumerate(streaming, 1):
            maxp = (FRAMES_PER_MS + 1) * ch * 2
            body += struct.pack("<BBBBBBBBB", 9, 4, i, 0, 0, 1, 2, 0, 0)
            body += struct.pack("<BBBBBBBBB", 9, 4, i, 1, 1, 1, 2, 0, 0)
            body += struct.pack("<BBBBBH", 7, 0x24, 1, link, 1, 1)
            body += struct.pack("<BBBBBBBB", 11, 0x24, 2, 1, ch, 2, 16, 1) + RATE.to_bytes(3, "little")
            body += struct.pack("<BBBBHBBB", 9, 5, ep, attr, maxp, 1, 0, 0)
            body += struct.pack("<BBBBBH", 7, 0x25, 1, 0, 0, 0)
            self.ifaces[i] = ep
        self.config = struct.pack("<BBHBBBBB", 9, 2, 9 + len(body), 1 + n_as, 1, 0, 0x80, 50) + body

    def string(self, index):
        if index == 0:
            return bytes([4, 3, 0x09, 0x04])
        if 1 <= index <= 4 and self.strings[index - 1]:
            return string_desc(self.strings[index - 1])
        return None


def chan_config(n):
    return 0x0003 if n == 2 else 0  # L/R for a pair; no spatial positions otherwise


class Interface:
    def __init__(self, a, sock):
        self.a, self.sock = a, sock
        self.desc = Descriptors(a)
        self.rx = bytearray()
        self.pending = {EP_OUT & 0x7F: collections.deque(), EP_IN & 0x7F: collections.deque()}
        self.clock = {EP_OUT & 0x7F: 0.0, EP_IN & 0x7F: 0.0}
        self.controls = {2: {"mute": 0, "volume": 0, "writes": 0}, 5: {"mute": 0, "volume": 0, "writes": 0},
                         7: {"mute": 0, "writes": 0}}
        self.fb_in = a.inputs * 2
        self.fb_out = a.outputs * 2
        self.tones = list(a.tones)
        self.build_table()
        self.pos = 0
        self.loop = collections.deque()  # played frames (bytes of one packet each) for loopN channels
        self.loop_frames = 0
        self.stats = {"started": time.monotonic(), "urbs_out": 0, "urbs_in": 0, "packets_out": 0, "packets_in": 0,
                      "frames_played": 0, "first_signal": None, "control_requests": 0, "unlinks": 0,
                      "set_interface": []}
        self.recording = None  # [frames wanted, bytearray, path, conn]

    def build_table(self):
        amp = int(self.a.amplitude * 32767)
        n = RATE  # one second: every whole-Hz frequency fits a whole number of cycles
        tbl = array.array("h", bytes(n * self.fb_in))
        for ch, t in enumerate(self.tones[:self.a.inputs]):
            if isinstance(t, (int, float)) and t > 0:
                w = 2 * math.pi * t / RATE
                tbl[ch::self.a.inputs] = array.array("h", (int(amp * math.sin(w * i)) for i in range(n)))
        self.table = tbl.tobytes() * 2  # doubled so a packet never wraps

    # --- USB/IP ---------------------------------------------------------------------------------
    def on_readable(self):
        data = self.sock.recv(1 << 16)
        if not data:
            raise EOFError("vhci closed the connection")
        self.rx += data
        while len(self.rx) >= 48:
            cmd, seq, devid, direction, ep = struct.unpack_from(">IIIII", self.rx, 0)
            if cmd == CMD_UNLINK:
                target = struct.unpack_from(">I", self.rx, 20)[0]
                del self.rx[:48]
                self.unlink(seq, target)
                continue
            if cmd != CMD_SUBMIT:
                raise ValueError(f"unexpected USB/IP command {cmd}")
            flags, length, start, npk, interval = struct.unpack_from(">IiIiI", self.rx, 20)
            setup = bytes(self.rx[40:48])
            iso = npk not in (0, -1)
            need = 48 + (length if direction == 0 else 0) + (npk * 16 if iso else 0)
            if len(self.rx) < need:
                return
            payload = bytes(self.rx[48:48 + (length if direction == 0 else 0)])
            isodesc = bytes(self.rx[need - (npk * 16 if iso else 0):need])
            del self.rx[:need]
            if ep == 0:
                self.control(seq, direction, setup, payload, length)
            elif iso:
                self.iso(seq, ep, direction, length, npk, payload, isodesc)
            else:
                self.ret_submit(seq, -EPIPE, b"", 0)

    def reply(self, hdr, payload=b""):
        self.sock.sendall(hdr + payload)

    def ret_submit(self, seq, status, data, actual, npk=0, start=0, isodesc=b""):
        hdr = struct.pack(">IIIIIiiiii8x", RET_SUBMIT, seq, 0, 0, 0, status, actual, start, npk, 0)
        self.reply(hdr, data + isodesc)

    def unlink(self, seq, target):
        self.stats["unlinks"] += 1
        status = 0
        for q in self.pending.values():
            for item in list(q):
                if item[1] == target:
                    q.remove(item)
                    status = -ECONNRESET
        self.reply(struct.pack(">IIIIIi24x", RET_UNLINK, seq, 0, 0, 0, status))

    # --- endpoint 0 -----------------------------------------------------------------------------
    def control(self, seq, direction, setup, payload, length):
        rtype, req, value, index, wlen = struct.unpack("<BBHHH", setup)
        self.stats["control_requests"] += 1
        data = self.answer(rtype, req, value, index, payload)
        if data is None:
            self.ret_submit(seq, -EPIPE, b"", 0)
        elif rtype & 0x80:
            data = data[:wlen]
            self.ret_submit(seq, 0, data, len(data))
        else:
            self.ret_submit(seq, 0, b"", length)

    def answer(self, rtype, req, value, index, payload):
        if rtype == 0x80 and req == 6:  # GET_DESCRIPTOR
            kind, i = value >> 8, value & 0xFF
            return {1: self.desc.device, 2: self.desc.config}.get(kind) if kind != 3 else self.desc.string(i)
        if rtype == 0x80 and req == 0:
            return b"\0\0"
        if rtype == 0x00 and req == 9:  # SET_CONFIGURATION
            return b""
        if rtype == 0x01 and req == 11:  # SET_INTERFACE
            self.stats["set_interface"].append([index, value])
            self.stats["set_interface"] = self.stats["set_interface"][-8:]
            return b""
        if rtype == 0x81 and req == 10:
            return b"\0"
        if rtype in (0x02, 0x00, 0x01) and req in (1, 3):  # CLEAR/SET_FEATURE
            return b""
        if rtype in (0x21, 0xA1):  # UAC1 feature unit
            unit, cs = index >> 8, value >> 8
            fu = self.controls.get(unit)
            if fu is None or cs not in (1, 2) or ("mute", "volume")[cs - 1] not in fu:
                return None
            key = "mute" if cs == 1 else "volume"
            if rtype == 0x21 and req == 0x01:
                fu["writes"] += 1
                fu[key] = payload[0] if cs == 1 else struct.unpack("<h", payload[:2])[0]
                return b""
            if cs == 1:
                return bytes([fu["mute"]]) if req == 0x81 else None
            v = {0x81: fu["volume"], 0x82: VOL_MIN, 0x83: VOL_MAX, 0x84: VOL_RES}.get(req)
            return None if v is None else struct.pack("<h", v)
        if rtype in (0x22, 0xA2):  # sampling frequency control of an endpoint
            return b"" if rtype == 0x22 else RATE.to_bytes(3, "little")
        return None

    # --- isochronous streams ----------------------------------------------------------------------
    def iso(self, seq, ep, direction, length, npk, payload, isodesc):
        now = time.monotonic()
        due = max(self.clock[ep], now) + npk / 1000.0
        self.clock[ep] = due
        self.pending[ep].append((due, seq, direction, length, npk, payload, isodesc))

    def complete_due(self):
        now = time.monotonic()
        for ep, q in self.pending.items():
            while q and q[0][0] <= now:
                _, seq, direction, length, npk, payload, isodesc = q.popleft()
                descs = [struct.unpack_from(">iiii", isodesc, 16 * k) for k in range(npk)]
                if direction == 0:
                    self.played(payload, descs)
                    out = b"".join(struct.pack(">iiii", off, ln, ln, 0) for off, ln, _, _ in descs)
                    self.ret_submit(seq, 0, b"", length, npk, 0, out)
                    self.stats["urbs_out"] += 1
                else:
                    data, out = bytearray(), []
                    for off, ln, _, _ in descs:
                        pk = self.capture_packet(min(FRAMES_PER_MS, ln // self.fb_in))
                        out.append(struct.pack(">iiii", off, ln, len(pk), 0))
                        data += pk
                    self.ret_submit(seq, 0, bytes(data), len(data), npk, 0, b"".join(out))
                    self.stats["urbs_in"] += 1
                    self.stats["packets_in"] += npk

    def next_due(self):
        dues = [q[0][0] for q in self.pending.values() if q]
        return min(dues) if dues else None

    def played(self, payload, descs):
        for off, ln, _, _ in descs:
            pk = payload[off:off + ln]
            self.stats["packets_out"] += 1
            frames = len(pk) // self.fb_out if self.fb_out else 0
            self.stats["frames_played"] += frames
            if self.stats["first_signal"] is None and any(pk):
                self.stats["first_signal"] = time.monotonic()
            if self.a.loops:
                self.loop.append(pk)
                self.loop_frames += frames
                while self.loop_frames > RATE // 10:
                    self.loop_frames -= len(self.loop.popleft()) // self.fb_out
            r = self.recording
            if r:
                r[1] += pk
                if len(r[1]) >= r[0] * self.fb_out:
                    with open(r[2], "wb") as f:
                        f.write(r[1][:r[0] * self.fb_out])
                    send_line(r[3], {"recorded": r[0], "path": r[2]})
                    self.recording = None

    def capture_packet(self, frames):
        start = self.pos * self.fb_in
        pk = self.table[start:start + frames * self.fb_in]
        self.pos = (self.pos + frames) % RATE
        if self.a.loops:
            a = array.array("h", pk)
            src = array.array("h", self.take_loop(frames))
            for cap_ch, play_ch in self.a.loops:
                a[cap_ch::self.a.inputs] = src[play_ch::self.a.outputs]
            pk = a.tobytes()
        if self.controls[5]["mute"]:
            pk = bytes(len(pk))
        return pk

    def take_loop(self, frames):
        want = frames * self.fb_out
        buf = bytearray()
        while self.loop and len(buf) < want:
            pk = self.loop.popleft()
            self.loop_frames -= len(pk) // self.fb_out
            buf += pk
        if len(buf) > want:
            rest = bytes(buf[want:])
            self.loop.appendleft(rest)
            self.loop_frames += len(rest) // self.fb_out
        return bytes(buf[:want]).ljust(want, b"\0")


def send_line(conn, obj):
    try:
        conn.sendall((json.dumps(obj) + "\n").encode())
    except OSError:
        pass


def parse_tones(text):
    tones, loops = [], []
    for i, t in enumerate(text.split(",")):
        if t.startswith("loop"):
            loops.append((i, int(t[4:]) - 1))
            tones.append(0)
        else:
            tones.append(float(t))
    return tones, loops


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True, help="vhci_hcd port (0-7: USB 2 hub)")
    ap.add_argument("--control", required=True)
    ap.add_argument("--in", dest="inputs", type=int, default=4)
    ap.add_argument("--out", dest="outputs", type=int, default=2)
    ap.add_argument("--tones", default="440,660,880,1100")
    ap.add_argument("--amplitude", type=float, default=0.2)
    ap.add_argument("--vendor", type=lambda s: int(s, 0), default=0x1209)
    ap.add_argument("--product", type=lambda s: int(s, 0), default=0x4841)
    ap.add_argument("--manufacturer", default="headamp")
    ap.add_argument("--name", default="VM Interface")
    ap.add_argument("--serial", default="VM0001")
    ap.add_argument("--phantom", action="store_true", help="a '48V Phantom Power' switch on the capture path")
    a = ap.parse_args()
    a.tones, a.loops = parse_tones(a.tones)
    a.tones += [0] * max(0, a.inputs - len(a.tones))

    ctl = socket.socket(socket.AF_UNIX)
    if os.path.exists(a.control):
        os.unlink(a.control)
    ctl.bind(a.control)
    ctl.listen(4)
    ours, kernels = socket.socketpair()
    dev = Interface(a, ours)
    devid = ((a.port + 1) << 16) | 2
    with open("/sys/devices/platform/vhci_hcd.0/attach", "w") as f:
        f.write(f"{a.port} {kernels.fileno()} {devid} 2")  # 2: full speed
    kernels.close()  # the kernel holds its own reference
    dev.stats["attached"] = time.monotonic()
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    conns = {}
    while not stop:
        due = dev.next_due()
        timeout = 0.2 if due is None else max(0.0, due - time.monotonic())
        try:
            r, _, _ = select.select([ours, ctl, *conns], [], [], timeout)
        except InterruptedError:
            continue
        if ours in r:
            try:
                dev.on_readable()
            except (EOFError, ConnectionResetError):
                break
        dev.complete_due()
        if ctl in r:
            c, _ = ctl.accept()
            conns[c] = bytearray()
        for c in [c for c in r if c in conns]:
            data = c.recv(4096)
            if not data:
                del conns[c]
                c.close()
                continue
            conns[c] += data
            while b"\n" in conns[c]:
                line, _, rest = bytes(conns[c]).partition(b"\n")
                conns[c] = bytearray(rest)
                words = line.decode().split()
                if not words:
                    continue
                if words[0] == "stats":
                    send_line(c, dev.stats)
                elif words[0] == "controls":
                    send_line(c, {"playback": dev.controls[2], "capture": dev.controls[5], "phantom": dev.controls[7]})
                elif words[0] == "record":
                    dev.recording = [int(float(words[1]) * RATE), bytearray(), words[2], c]
                elif words[0] == "tone":
                    dev.tones[int(words[1]) - 1] = float(words[2])
                    a.amplitude = float(words[3])
                    dev.build_table()
                    send_line(c, {"ok": True})
                elif words[0] == "quit":
                    stop.append(1)
                    send_line(c, {"ok": True})
                else:
                    send_line(c, {"error": f"unknown command {words[0]}"})
    ours.close()  # the cable is pulled
    os.unlink(a.control)


if __name__ == "__main__":
    sys.exit(main())
