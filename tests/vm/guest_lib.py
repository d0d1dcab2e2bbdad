"""Helpers for the scenarios that run inside the test guest: headampd and headamp from the build tree,
waiting for udev/ALSA/JACK conditions, QMP requests to the host, the USB/IP audio emulator."""
import glob
import json
import math
import os
import signal
import socket
import struct
import subprocess
import time
import urllib.parse

RESULTS = "/tmp/results"
ENV = dict(line.split("=", 1) for line in open(f"{RESULTS}/run.env").read().split("\n") if "=" in line)
SOURCE_DIR = ENV["SOURCE_DIR"].strip("'")
BUILD_DIR = ENV["BUILD_DIR"].strip("'")
for _k, _v in ENV.items():
    if _k.startswith("HEADAMP_VM_"):
        os.environ[_k] = _v.strip("'")
HEADAMPD = f"{BUILD_DIR}/src/daemon/headampd"
HEADAMP = f"{BUILD_DIR}/src/cli/headamp"
EMULATOR = f"{BUILD_DIR}/tests/vm/usbip-audio"
SOCKET = "/run/user/0/headamp/control"
_cleanups = []
_req = [0]


class Failure(Exception):
    pass


def note(msg):
    with open(f"{RESULTS}/guest.log", "a") as f:
        f.write(f"[{uptime():8.2f}] {msg}\n")


def uptime():
    return float(open("/proc/uptime").read().split()[0])


def check(cond, what):
    if not cond:
        raise Failure(what)
    note(f"  checked: {what}")


def wait_for(fn, timeout, what, interval=0.1):
    deadline = time.monotonic() + timeout
    while True:
        v = fn()
        if v is not None and v is not False and v != [] and v != {}:  # card 0 is a fine answer
            return v
        if time.monotonic() > deadline:
            raise Failure(f"timed out after {timeout} s waiting for: {what}")
        time.sleep(interval)


def write_result(name, verdict):
    with open(f"{RESULTS}/result-{name}", "w") as f:
        f.write(verdict + "\n")


def on_cleanup(fn):
    _cleanups.append(fn)


def cleanup():
    while _cleanups:
        try:
            _cleanups.pop()()
        except Exception as e:  # noqa: BLE001 - cleanup must go on
            note(f"cleanup: {e}")


def qmp(cmd, timeout=30):
    """Asks the host harness to run one QMP command; returns QEMU's answer."""
    _req[0] += 1
    name = f"{_req[0]:04d}.json"
    tmp = f"{RESULTS}/req/{name}.tmp"
    with open(tmp, "w") as f:
        json.dump(cmd, f)
    os.rename(tmp, f"{RESULTS}/req/{name}")
    resp = f"{RESULTS}/resp/{name}"
    wait_for(lambda: os.path.exists(resp), timeout, f"QMP answer to {cmd['execute']}", 0.05)
    answer = json.load(open(resp))
    if "error" in answer:
        raise Failure(f"QMP {cmd}: {answer['error']}")
    return answer


def usb_cards():
    """Numbers of the ALSA cards on USB."""
    cards = []
    for path in glob.glob("/sys/class/sound/card*"):
        if "/usb" in os.path.realpath(path):
            cards.append(int(os.path.basename(path)[4:]))
    return sorted(cards)


def usb_card_matching(text):
    """Number of a USB card whose /proc/asound/cards entry mentions text, once udev has initialised it."""
    for n in usb_cards():
        if text in card_entry(n) and udev_initialized(n):
            return n
    return None


def card_entry(n):
    lines = open("/proc/asound/cards").read().splitlines()
    for i, line in enumerate(lines):
        if line.strip().startswith(f"{n} ["):
            return line + (lines[i + 1] if i + 1 < len(lines) else "")
    return ""


def udev_initialized(n):
    out = subprocess.run(["udevadm", "info", "-q", "property", f"/sys/class/sound/card{n}"],
                         capture_output=True, text=True).stdout
    return "SOUND_INITIALIZED=1" in out


def pcm_status(card, direction="p"):
    """/proc/asound/cardN/pcm0p (or pcm0c)/sub0/status, or "" when the card or stream is not there."""
    try:
        return open(f"/proc/asound/card{card}/pcm0{direction}/sub0/status").read()
    except OSError:
        return ""


class Daemon:
    """headampd from the build tree, as root, with a config suited to TCG (period 1024)."""

    def __init__(self, config=None, env=None, wrapper=()):
        self.config = "[jack]\nserver_period = 1024\nserver_nperiods = 3\n" if config is None else config
        self.env = env or {}
        self.wrapper = list(wrapper)  # e.g. ["pw-jack"]: headampd on PipeWire's libjack
        self.proc = None

    def start(self):
        os.makedirs("/root/.config/headamp", exist_ok=True)
        with open("/root/.config/headamp/headamp.conf", "w") as f:
            f.write(self.config)
        env = dict(os.environ, XDG_RUNTIME_DIR="/run/user/0", HOME="/root", JACK_NO_AUDIO_RESERVATION="1",
                   **self.env)
        self.log = open(f"{RESULTS}/headampd.log", "a")
        self.log.write(f"--- headampd started at {uptime():.2f}\n")
        self.log.flush()
        self.proc = subprocess.Popen([*self.wrapper, HEADAMPD, "--verbose"], env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT,
                                     start_new_session=True)
        on_cleanup(self.stop)
        wait_for(lambda: self.status() is not None, 30, "headampd answers on its socket")
        note(f"headampd pid {self.proc.pid} up")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        # a jackd headampd started is stopped by it; anything left over would spoil the next scenario
        subprocess.run(["pkill", "-x", "jackd"], capture_output=True)  # guest-only, processes this test started
        time.sleep(0.2)

    def check_alive(self):
        check(self.proc is not None and self.proc.poll() is None, "headampd still running")

    def cli(self, *args, check_status=True):
        r = subprocess.run([HEADAMP, "--socket", SOCKET, *args], capture_output=True, text=True, timeout=30)
        if check_status and r.returncode != 0:
            raise Failure(f"headamp {' '.join(args)}: exit {r.returncode}: {r.stderr.strip()}")
        return r

    def status(self):
        """The daemon's status, asked on its socket directly: wait_for polls this ten times a second, and a
        `headamp` process per poll would cost a TCG guest more CPU than the bridges it waits for."""
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(10)
                s.connect(SOCKET)
                s.sendall(b'{"id":1,"op":"status"}\n')
                answer = b""
                while not answer.endswith(b"\n"):
                    chunk = s.recv(65536)
                    if not chunk:
                        return None
                    answer += chunk
            reply = json.loads(answer)
        except (OSError, ValueError):
            return None
        if "error" in reply:
            return None
        reply.pop("id", None)
        return reply

    def device_on_card(self, card):
        s = self.status() or {}
        for d in s.get("devices", []):
            if d.get("card") == card:
                return d
        return None

    def patched_on_card(self, card):
        """headampd's entry for the device on `card` once it is patched, else None."""
        d = self.device_on_card(card)
        return d if d and d.get("patched") else None


def plug_and_patch(d, emu):
    """Plugs emu, waits for its card and for headampd to patch it; returns headampd's device entry."""
    emu.plug()
    card = emu.wait_card()
    dev = wait_for(lambda: d.patched_on_card(card), 60, f"headampd patches card {card}")
    note(f"headampd: {dev['identity']} patched as {dev['graph']}, sources {dev['sources']}, outputs "
         f"{dev['outputs']}, {time.monotonic() - emu.card_ready_at:.2f} s after card ready")
    return dev


def diagnostics():
    """What a failed scenario leaves in the log: cards, USB devices, modules, processes, JACK ports."""
    for cmd in (["cat", "/proc/asound/cards"], ["sh", "-c", "ls /sys/bus/usb/devices/; lsmod | head -40"],
                ["ps", "-eo", "pid,rss,args"], ["jack_lsp", "-c"],
                ["sh", "-c", "for c in /sys/class/sound/card*; do udevadm info -q property $c; done"], ["sh", "-c", "dmesg | tail -40"]):
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=20,
                           env=dict(os.environ, JACK_NO_START_SERVER="1"))
        note(f"$ {' '.join(cmd)}\n{r.stdout}{r.stderr}")


# --- audio analysis -------------------------------------------------------------------------------

def read_s16(path, channels):
    data = open(path, "rb").read()
    n = len(data) // (2 * channels)
    samples = struct.unpack(f"<{n * channels}h", data[:n * channels * 2])
    return [[s / 32768.0 for s in samples[c::channels]] for c in range(channels)]


def _fit(x, freq, rate):
    w = 2 * math.pi * freq / rate
    c = s = 0.0
    for i, v in enumerate(x):
        c += v * math.cos(w * i)
        s += v * math.sin(w * i)
    return 2 * math.hypot(c, s) / len(x)


def block_amplitudes(x, freq, rate=48000, block=4800):
    """The fitted amplitude of every 100 ms block of x, sorted."""
    return sorted(_fit(x[i:i + block], freq, rate) for i in range(0, len(x) - block + 1, block))


def tone_amplitude(x, freq, rate=48000, block=4800, best=False):
    """Amplitude of the sine at freq in x: a least-squares fit per block of `block` samples (4800, 100 ms,
    is a whole number of cycles for any multiple of 10 Hz; 2400 for multiples of 20 Hz), median over the
    blocks, so a dropped or repeated USB packet in one block (a phase jump) does not pull the estimate down."""
    amps = block_amplitudes(x, freq, rate, block)
    if not amps:
        return 0.0
    # best: the cleanest block. A glitch only lowers a block's fit, so this never reads louder than the
    # real gain; it is for streams that glitch or wobble in pitch under TCG (a starved resampling bridge,
    # PipeWire's rate matching of a second card).
    return amps[-1] if best else amps[len(amps) // 2]


def db(a):
    return 20 * math.log10(a) if a > 0 else -200.0


# --- the USB/IP audio interface ---------------------------------------------------------------------

class Rig:
    """tests/vm/usbip_audio.cpp: one process that serves every emulated interface of a scenario on one
    word clock. Started with the first interface plugged, stopped after the scenario."""
    CONTROL = "/run/usbip-audio.sock"
    proc = None

    @classmethod
    def connect(cls):
        if cls.proc is None or cls.proc.poll() is not None:
            if not os.path.exists("/sys/devices/platform/vhci_hcd.0"):
                subprocess.run(["modprobe", "vhci-hcd"], check=True)
            log = open(f"{RESULTS}/usbip-audio.log", "a")
            cls.proc = subprocess.Popen([EMULATOR, "--control", cls.CONTROL],
                                        stdout=log, stderr=subprocess.STDOUT)
            on_cleanup(cls.stop)
        return wait_for(cls._connect, 30, "the emulator's control socket")

    @classmethod
    def _connect(cls):
        # the socket file exists a moment before the emulator listens on it
        conn = socket.socket(socket.AF_UNIX)
        try:
            conn.connect(cls.CONTROL)
            return conn
        except (FileNotFoundError, ConnectionRefusedError):
            conn.close()
            if cls.proc.poll() is not None:
                raise Failure(f"the emulator exited with status {cls.proc.returncode}")
            return None

    @classmethod
    def stop(cls):
        if cls.proc and cls.proc.poll() is None:
            cls.proc.send_signal(signal.SIGTERM)
            cls.proc.wait(20)
        cls.proc = None


class Emulator:
    """A UAC1 interface of the test's choosing, plugged into vhci_hcd port `port` by the Rig."""

    def __init__(self, port=0, inputs=4, outputs=2, tones="440,660,880,1100", serial="VM0001",
                 name="VM Interface", amplitude=0.2, phantom=False):
        self.port, self.name, self.amplitude = port, name, amplitude
        self.options = {"in": inputs, "out": outputs, "tones": tones, "serial": serial, "name": name,
                        "amplitude": amplitude, "phantom": int(phantom)}
        self.conn = None

    def plug(self):
        self.conn = Rig.connect()
        self.file = self.conn.makefile("r")
        self.plugged_at = time.monotonic()
        self.ask("plug " + " ".join(f"{k}={urllib.parse.quote(str(v))}" for k, v in self.options.items()))
        on_cleanup(self.unplug)

    def unplug(self):
        if self.conn:
            if Rig.proc and Rig.proc.poll() is None:
                self.ask("unplug")
            self.conn.close()
        self.conn = None

    def ask(self, line, timeout=30):
        """One command about this interface ("stats", "record 2 PATH", ...); its JSON answer."""
        cmd, _, rest = line.partition(" ")
        self.conn.settimeout(timeout)
        self.conn.sendall(f"{cmd} {self.port} {rest}\n".encode())
        answer = json.loads(self.file.readline())
        if isinstance(answer, dict) and "error" in answer:
            raise Failure(f"emulator: {answer['error']}")
        return answer

    def stats(self):
        return self.ask("stats")

    def dropouts(self):
        """Silences (all-zero packets) and gaps (the stream stopped, or an xrun) of what this interface
        was sent to play since the last call, which starts them over."""
        return self.ask("dropouts")

    def playback_mark(self):
        """Where playback stands now, for playback_since()."""
        return self.stats()["frames_played"], time.monotonic()

    def playback_since(self, mark):
        """Frames played since `mark`, the seconds since, and that as a percentage of real time at 48 kHz."""
        frames, seconds = self.stats()["frames_played"] - mark[0], time.monotonic() - mark[1]
        return frames, seconds, frames / seconds / 480

    def wait_card(self, timeout=90):
        card = wait_for(lambda: usb_card_matching(self.name), timeout, f"card of {self.name}")
        self.card_ready_at = time.monotonic()
        note(f"{self.name}: card {card} ready {self.card_ready_at - self.plugged_at:.2f} s after plug")
        return card

    def record(self, seconds, channels=2):
        path = f"/tmp/rec-{self.port}.raw"
        self.ask(f"record {seconds} {path}", timeout=seconds * 10 + 30)
        return read_s16(path, channels)


class Glitched(Failure):
    """A level that is right in the recording's cleanest 100 ms block but low in most of them: the stream
    glitched (a dropped or repeated packet is a phase jump that lowers a block's fit, never raises it).
    That says the gain is right and the recording is spoiled, which is the only failure hear() retries."""


def hear(emu, checks, what, attempts=5, seconds=1.0):
    """Records what emu's playback channels got and runs checks(left, right) on it. Under TCG a stream can
    glitch for seconds after it starts or while a bridge locks; a hearing spoiled that way (Glitched) is
    logged and recorded again, up to `attempts`. Any other failure (a wrong level even in the cleanest
    block, a tone where none should be) fails at once."""
    for i in range(1, attempts + 1):
        left, right = emu.record(seconds)
        try:
            checks(left, right)
            if i > 1:
                note(f"  {what}: heard right on attempt {i}")
            return
        except Glitched as e:
            note(f"  {what}: attempt {i}: glitched recording: {e}")
            if i == attempts:
                raise
            time.sleep(1.0)


def expect_level(x, freq, want_db, tol_db, what, best=False, block=4800):
    """block: samples per fitted block; a whole number of cycles of every tone in the recording."""
    got = db(tone_amplitude(x, freq, block=block, best=best))
    blocks = block_amplitudes(x, freq, block=block)
    spread = f"; blocks {db(blocks[0]):.2f}..{db(blocks[-1]):.2f}" if blocks else ""
    note(f"  {what}: {freq} Hz at {got:.2f} dBFS (want {want_db:.2f} ± {tol_db}{spread})")
    if abs(got - want_db) > tol_db:
        glitched = blocks and got < want_db and abs(db(blocks[-1]) - want_db) <= tol_db
        raise (Glitched if glitched else Failure)(f"{what}: {freq} Hz at {got:.2f} dBFS, want {want_db:.2f} ± "
                                                  f"{tol_db} dB{spread}")


def expect_absent(x, freq, below_db, what):
    got = db(tone_amplitude(x, freq))
    note(f"  {what}: {freq} Hz at {got:.2f} dBFS (want below {below_db:.1f})")
    if got > below_db:
        raise Failure(f"{what}: {freq} Hz at {got:.2f} dBFS, want below {below_db:.1f} dBFS")
