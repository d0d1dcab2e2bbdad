"""Issue 11's whole-system scenarios: PipeWire and WirePlumber in the guest on real snd-usb-audio, headampd
under pw-jack. Nothing of headamp's JACK2 path may run here: no jackd, no zita bridge."""
import json
import os
import subprocess
import time

import guest_lib as g

RUNTIME = "/run/user/0"
BUS = f"unix:path={RUNTIME}/bus"
ENV = dict(os.environ, XDG_RUNTIME_DIR=RUNTIME, HOME="/root", DBUS_SESSION_BUS_ADDRESS=BUS)
JACK2_PROCESSES = ("jackd", "zita-a2j", "zita-j2a")


class PipeWireStack:
    """dbus → pipewire → wireplumber, started the way VM-RIG.md found works as root without logind."""

    def start(self):
        # WirePlumber 0.4 exits with status 70 where there is no systemd-logind: its Bluetooth part loads a
        # logind module. The guest has no Bluetooth anyway.
        bluez = "/root/.config/wireplumber/bluetooth.lua.d"
        os.makedirs(bluez, exist_ok=True)
        with open(f"{bluez}/51-no-bluez.lua", "w") as f:
            f.write("bluez_monitor.enabled = false\n")
        self.log = open(f"{g.RESULTS}/pipewire.log", "a")
        self.procs = []
        self._spawn(["dbus-daemon", "--session", "--nofork", f"--address={BUS}"])
        g.on_cleanup(self.stop)
        g.wait_for(lambda: os.path.exists(f"{RUNTIME}/bus"), 20, "session bus up")
        self.start_audio()

    def start_audio(self):
        """pipewire, then wireplumber once pipewire answers; returns when WirePlumber is ready."""
        t0 = time.monotonic()
        self.pipewire = self._spawn(["pipewire"])
        g.wait_for(lambda: self._pw_cli("info", "0").returncode == 0, 30, "pipewire answers")
        self.wireplumber = self._spawn(["wireplumber"])
        g.wait_for(lambda: "default" in self._pw_cli("ls", "Metadata").stdout, 30, "wireplumber ready")
        g.note(f"pipewire + wireplumber ready {time.monotonic() - t0:.2f} s after start")

    def kill_audio(self):
        """SIGKILL to pipewire and wireplumber, as a crash would; the session bus stays."""
        for p in (self.wireplumber, self.pipewire):
            p.kill()
            p.wait()
        self.procs = [p for p in self.procs if p.poll() is None]

    def _spawn(self, argv):
        self.procs.append(subprocess.Popen(argv, env=ENV, stdout=self.log, stderr=subprocess.STDOUT,
                                           start_new_session=True))
        return self.procs[-1]

    @staticmethod
    def _pw_cli(*args):
        return subprocess.run(["pw-cli", *args], env=ENV, capture_output=True, text=True, timeout=20)

    def stop(self):
        for p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        self.procs = []


def pipewire_objects():
    r = subprocess.run(["pw-dump"], env=ENV, capture_output=True, text=True, timeout=30)
    return json.loads(r.stdout) if r.returncode == 0 and r.stdout.strip() else []


def pipewire_devices():
    """[(card, active profile name or None, the device's name)] of every ALSA device PipeWire has."""
    seen = []
    for o in pipewire_objects():
        info = o.get("info") or {}
        props = info.get("props") or {}
        if o.get("type") == "PipeWire:Interface:Device" and "api.alsa.card" in props:
            active = (info.get("params") or {}).get("Profile") or [{}]
            seen.append((str(props["api.alsa.card"]), active[0].get("name"), props.get("device.name")))
    return seen


def device_profile(card):
    """The active profile of the PipeWire device of ALSA card `card`, or None."""
    return next((profile for c, profile, _ in pipewire_devices() if c == str(card)), None)


def check_no_jack2(what):
    running = [p for p in JACK2_PROCESSES
               if subprocess.run(["pgrep", "-x", p], capture_output=True).returncode == 0]
    g.check(not running, f"{what}: nothing of the JACK2 path runs (found: {running or 'none'})")


def start_under_pipewire(config=""):
    """The PipeWire stack, then headampd under pw-jack on it with `config` as its headamp.conf; returns the
    Daemon (its .stack is the stack)."""
    stack = PipeWireStack()
    stack.start()
    d = g.Daemon(config=config, env={"DBUS_SESSION_BUS_ADDRESS": BUS}, wrapper=["pw-jack"])
    d.start()
    jack = d.status()["jack"]
    g.check(jack.get("stack") == "pipewire", f"headampd runs on PipeWire's libjack: {jack}")
    g.note(f"  stack {jack.get('stack')} {jack.get('stack_version')}, quantum {jack.get('buffer_size')} frames")
    d.stack = stack
    return d


def plug_on_pipewire(d, emu):
    """Plugs emu and waits until headampd has patched it; notes each step's time from the plug."""
    dev = g.plug_and_patch(d, emu)
    card = dev["card"]
    try:
        g.wait_for(lambda: device_profile(card) == "pro-audio", 30, f"card {card}'s PipeWire device on pro-audio")
    finally:
        g.note(f"  PipeWire's ALSA devices (card, profile, name): {pipewire_devices()}")
    first = g.wait_for(lambda: emu.stats()["first_signal"], 60, "first played sample")
    g.note(f"  plug-to-sound on PipeWire: card {emu.card_ready_at - emu.plugged_at:.2f} s, first sample "
           f"{first - emu.plugged_at:.2f} s after plug ({first - emu.card_ready_at:.2f} s after card ready)")
    return dev


def mono_centred(emu, freqs, what, block=4800, best=False, source=None):
    """Checks for emu's phones: each of freqs at -3.01 dB in both ears, against the amplitude of the
    emulator that plays them (`source`, emu when None). best: judge each tone by its cleanest block
    (g.tone_amplitude), for paths through PipeWire's rate matching, whose pitch wanders under TCG
    (scenario_pipewire_two)."""
    a = g.db((source or emu).amplitude)

    def check(left, right):
        for f in freqs:
            g.expect_level(left, f, a - 3.01, 0.5, f"{what}: left ear, mono centred", block=block, best=best)
            g.expect_level(right, f, a - 3.01, 0.5, f"{what}: right ear, mono centred", block=block, best=best)
    return check


def scenario_pipewire_plug():
    """An interface plugged while headampd runs under pw-jack: switched to Pro Audio, its four inputs heard
    in both ears at -3.01 dB, then a linked pair left-to-left and right-to-right."""
    d = start_under_pipewire()
    emu = g.Emulator(port=0, inputs=4, outputs=2, tones="440,660,880,1100", serial="VMPW0001")
    dev = plug_on_pipewire(d, emu)
    g.check(dev["capture_channels"] == 4 and dev["playback_channels"] == 2, "4 capture, 2 playback channels")
    g.check(len(dev["sources"]) == 4 and dev["outputs"], f"four sources and a mix: {dev['sources']}")
    time.sleep(1.0)
    g.hear(emu, mono_centred(emu, (440, 660, 880, 1100), "pipewire"), "four mono sources", seconds=2.0)
    d.cli("link", dev["sources"][2])
    time.sleep(1.0)
    a = g.db(emu.amplitude)

    def pair(left, right):
        g.expect_level(left, 880, a, 0.5, "left ear, the pair's left channel")
        g.expect_absent(right, 880, a - 40, "right ear, the pair's left channel")
        g.expect_level(right, 1100, a, 0.5, "right ear, the pair's right channel")
        g.expect_absent(left, 1100, a - 40, "left ear, the pair's right channel")
    g.hear(emu, pair, "a linked pair", seconds=2.0)
    check_no_jack2("pipewire-plug")
    d.check_alive()


def scenario_pipewire_replug():
    """A changed send and a linked pair come back after unplug and replug on another port."""
    d = start_under_pipewire()
    emu = g.Emulator(port=0, inputs=4, outputs=2, tones="440,660,880,1100", serial="VMPWRESTORE")
    dev = plug_on_pipewire(d, emu)
    card = dev["card"]
    _, in2, in3, _ = dev["sources"]
    mix = dev["outputs"][0]
    d.cli("link", in3)
    d.cli("set", mix, in2, "-12dB")
    time.sleep(2.5)  # saved once a second; ramps done
    emu.unplug()
    g.wait_for(lambda: not os.path.exists(f"/sys/class/sound/card{card}"), 60, f"card {card} gone")
    g.wait_for(lambda: d.device_on_card(card) is None, 60, f"headampd forgets card {card}")
    emu2 = g.Emulator(port=2, inputs=4, outputs=2, tones="440,660,880,1100", serial="VMPWRESTORE")
    dev2 = plug_on_pipewire(d, emu2)
    g.check(dev2["identity"] == dev["identity"] and dev2["port_path"] != dev["port_path"],
            f"same identity on another port ({dev2['port_path']}, was {dev['port_path']})")
    st = d.status()
    pair = next(s for s in st["sources"] if s["name"] == in3)
    g.check(pair["stereo"], f"{in3} is still a stereo pair")
    m = next(m for m in st["mixes"] if m["name"] == dev2["outputs"][0])
    lvl = next(x for x in m["sends"] if x["source"] == in2)["level_db"]
    g.check(abs(lvl - -12) < 0.01, f"send {in2} restored to -12 dB (is {lvl})")
    time.sleep(1.0)
    a = g.db(emu2.amplitude)

    def restored(left, right):
        g.expect_level(left, 660, a - 3.01 - 12, 0.5, "left ear, in2 at -12 dB")
        g.expect_level(right, 660, a - 3.01 - 12, 0.5, "right ear, in2 at -12 dB")
        g.expect_level(left, 880, a, 0.5, "left ear, the pair's left")
        g.expect_absent(right, 880, a - 40, "right ear, the pair's left")
    g.hear(emu2, restored, "after replug", seconds=2.0)
    check_no_jack2("pipewire-replug")
    d.check_alive()


def scenario_pipewire_two():
    """Two interfaces at once, each heard on its own phones and each phones' mix its own: no bridge process
    anywhere, PipeWire resamples between cards itself."""
    # PipeWire drives the graph from the first card and rate-matches the second one, whose capture and
    # playback both go through its adaptive resampler. Under TCG the second card's buffer level, which that
    # matching steers by, jitters by up to ±900 frames from one cycle to the next (PIPEWIRE_DEBUG=spa.alsa:4):
    # - at the default quantum of 1024, PipeWire 0.3.65 resyncs (skips or repeats samples) whenever the
    #   error passes half a quantum, 35 times in 70 s, and its rate wandered from 0.967 to 1.003: the
    #   second card's tones came 3.3 % low for 30 to 50 s;
    # - at 2048 (the guest's max-quantum; the `[pipewire] quantum` a user on a jittery machine would set)
    #   it resynced 7 times in 45 s and locked in 14 s, but its rate still swings ±0.6 % between cycles
    #   (its follower's loop filter has a fixed bandwidth of 0.128), a pitch wobble a 50 ms fit at the
    #   exact frequency reads as down to -28 dB in some blocks.
    # So the paths through the second card are judged by their cleanest 50 ms block (a wobble or a skip
    # only ever lowers a block's fit; a wrong gain, pan or routing shows in every block), after waiting
    # for the matching to lock; the first card's own inputs on its own phones are judged strictly.
    d = start_under_pipewire(config="[pipewire]\nquantum = 2048\n")
    a_emu = g.Emulator(port=0, inputs=2, outputs=2, tones="440,660", serial="VMPWFIRST", name="VM First")
    a_dev = plug_on_pipewire(d, a_emu)
    b_emu = g.Emulator(port=1, inputs=2, outputs=2, tones="1500,1700", serial="VMPWSECOND", name="VM Second")
    b_dev = plug_on_pipewire(d, b_emu)
    g.check(a_dev["outputs"] and b_dev["outputs"] and a_dev["outputs"][0] != b_dev["outputs"][0],
            f"each interface plays its own mix: {a_dev['outputs']} and {b_dev['outputs']}")
    a_mix, b_mix = a_dev["outputs"][0], b_dev["outputs"][0]
    g.check(d.status()["jack"].get("buffer_size") == 2048, "the quantum headamp.conf asked for: 2048 frames")
    wait_rate_locked(a_emu, b_emu, 1500)
    own, other = (440, 660), (1500, 1700)  # every mix hears every source, the other card's inputs too

    def first_phones(left, right):
        mono_centred(a_emu, own, "first interface, its own inputs", block=2400)(left, right)
        mono_centred(a_emu, other, "first interface, the second's inputs", block=2400, best=True,
                     source=b_emu)(left, right)

    def second_phones(left, right):
        mono_centred(b_emu, own, "second interface, the first's inputs", block=2400, best=True,
                     source=a_emu)(left, right)
        mono_centred(b_emu, other, "second interface, its own inputs", block=2400, best=True)(left, right)
    g.hear(a_emu, first_phones, "both interfaces' inputs on the first's phones", seconds=2.0)
    g.hear(b_emu, second_phones, "both interfaces' inputs on the second's phones", seconds=2.0)
    # Each phones' mix is its own: the second card's inputs muted in the first card's mix only. (Both of
    # them: a wobbling 1700 Hz read as -58 to -61 dBFS in an exact 1500 Hz fit, too close to the bound.)
    for source in b_dev["sources"]:
        d.cli("set", a_mix, source, "mute")
    time.sleep(1.0)
    level = g.db(b_emu.amplitude) - 3.01

    def muted_on_first(left, right):
        mono_centred(a_emu, own, "first interface, its own inputs still on", block=2400)(left, right)
        for f in other:
            g.expect_absent(left, f, level - 40, f"first interface, left ear: the second's inputs muted in {a_mix}")
            g.expect_absent(right, f, level - 40, f"first interface, right ear: the second's inputs muted in {a_mix}")
    g.hear(a_emu, muted_on_first, f"the second's inputs muted in {a_mix}", seconds=2.0)
    g.hear(b_emu, mono_centred(b_emu, other, f"second interface, its inputs still on in {b_mix}", block=2400,
                               best=True), f"the second's inputs still on in {b_mix}", seconds=2.0)
    check_no_jack2("pipewire-two")
    d.check_alive()


def wait_rate_locked(driver_emu, follower_emu, freq, timeout=120.0):
    """Until the follower card's tone `freq` is heard at its level on the driver card's phones in two
    recordings running (its rate matching has locked); fails after `timeout` s with the last level."""
    want = g.db(follower_emu.amplitude) - 3.01
    t0, in_a_row, got = time.monotonic(), 0, None
    while time.monotonic() - t0 < timeout:
        left, _ = driver_emu.record(0.5)
        got = g.db(g.tone_amplitude(left, freq, block=2400))
        in_a_row = in_a_row + 1 if abs(got - want) <= 0.5 else 0
        if in_a_row == 2:
            g.note(f"  the second card's rate matching locked {time.monotonic() - t0:.1f} s after it was patched "
                   f"({freq} Hz at {got:.2f} dBFS on the first card's phones, want {want:.2f})")
            return
        time.sleep(0.5)
    raise g.Failure(f"the second card's rate matching did not lock in {timeout:.0f} s: {freq} Hz at {got:.2f} dBFS "
                    f"on the first card's phones, want {want:.2f}")


def headampd_counts(d, when):
    pid = d.proc.pid
    ports = subprocess.run(["pw-jack", "jack_lsp", "headamp"], env=ENV, capture_output=True, text=True).stdout.split()
    c = {"headamp ports": sorted(ports), "headampd fds": len(os.listdir(f"/proc/{pid}/fd")),
         "headampd private kB": private_kb(pid)}
    g.note(f"{when}: {len(c['headamp ports'])} headamp ports, headampd fds {c['headampd fds']}, "
           f"private {c['headampd private kB']} kB")
    return c


def private_kb(pid):
    rollup = open(f"/proc/{pid}/smaps_rollup").read().splitlines()
    return sum(int(l.split()[1]) for l in rollup if l.startswith(("Private_Clean:", "Private_Dirty:")))


def sounding(emu):
    """The card plays, and what it played last is not silence (PipeWire plays zeroes while nothing is
    linked to it)."""
    played = emu.stats()["frames_played"]
    emu.dropouts()
    time.sleep(0.2)
    return emu.stats()["frames_played"] > played and emu.dropouts()["silent_now_ms"] == 0


def scenario_pipewire_restarts():
    """Issue 10's soak on PipeWire, a benchmark: HEADAMP_VM_PIPEWIRE_RESTARTS (20) SIGKILLs of pipewire and
    wireplumber while an interface plays, each started again as a crashed service would be. headampd
    stays up (the same process), comes back by itself and plays again; its ports and fds are the same at
    the first and the last restart, and its private memory grows by no more than the libjack client that
    each restart costs on PipeWire 0.3.65. Every fifth restart, and the
    last, the sound is checked at -3.01 dB in both ears."""
    restarts = int(os.environ.get("HEADAMP_VM_PIPEWIRE_RESTARTS", "20"))
    d = start_under_pipewire()
    emu = g.Emulator(port=0, inputs=2, outputs=2, tones="440,660", serial="VMPWSOAK")
    plug_on_pipewire(d, emu)
    pid = d.proc.pid
    first = None
    back = []
    for i in range(1, restarts + 1):
        starts = emu.stats()["stream_starts"]["playback"]
        t0 = time.monotonic()
        d.stack.kill_audio()
        d.stack.start_audio()
        ready = time.monotonic()
        g.wait_for(lambda: emu.stats()["stream_starts"]["playback"] > starts, 60,
                   f"restart {i}: the card's playback started again")
        g.wait_for(lambda: sounding(emu), 60, f"restart {i}: headamp's mix at the phones again")
        back.append(time.monotonic() - t0)
        g.note(f"  restart {i}: sound back {back[-1]:.2f} s after the kill, {time.monotonic() - ready:.2f} s "
               "after WirePlumber was ready")
        g.check(d.proc.poll() is None and d.proc.pid == pid, f"restart {i}: the same headampd runs")
        if i == 1:
            time.sleep(2.0)
            first = headampd_counts(d, "after restart 1")
        if i % 5 == 0 or i == restarts:
            time.sleep(1.0)
            g.hear(emu, mono_centred(emu, (440, 660), f"after restart {i}"), f"sound after restart {i}",
                   seconds=2.0)
    time.sleep(2.0)
    last = headampd_counts(d, f"after restart {restarts}")
    g.note(f"  sound back after each kill: {min(back):.2f}..{max(back):.2f} s, median "
           f"{sorted(back)[len(back) // 2]:.2f} s")
    g.check(first["headamp ports"] == last["headamp ports"], "the same headamp ports at the first and last restart")
    g.check(first["headampd fds"] == last["headampd fds"],
            f"headampd fds {first['headampd fds']} -> {last['headampd fds']}")
    # pipewire-jack 0.3.65's jack_client_close never frees the port memory its client's first
    # jack_port_register took (8 ports of ~34 kB; upstream f759bb68f, in 1.2.5 and later), and a
    # PipeWire that died takes headampd's client with it: each restart costs one libjack client, about
    # 265 kB allocated. tests/pipewire/restart_memory_test.cpp holds headampd to what a plain client
    # costs; here the bound is that figure per restart, which leaves nothing for a leak of headamp's own.
    grown = last["headampd private kB"] - first["headampd private kB"]
    g.check(grown <= 300 * (restarts - 1),
            f"headampd private memory {first['headampd private kB']} -> {last['headampd private kB']} kB: "
            f"{grown / max(restarts - 1, 1):.0f} kB per restart (libjack 0.3.65 leaks up to ~265 kB a client)")
    check_no_jack2("pipewire-restarts")
