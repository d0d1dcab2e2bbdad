"""Measures the two ways of bridging a second interface into the JACK graph when it is pulled out:
JACK2's in-process zalsa_in/zalsa_out (jack_load / jack_unload) against the zita-a2j/zita-j2a
processes that headampd supervises. Same guest, same emulated interfaces, same pulls; no headampd,
so what is measured is the bridges and jackd alone. Figures go to the guest log; the scenario
asserts only what headampd's choice rests on: no pull of a zita-bridged interface takes jackd down."""
import os
import statistics
import subprocess
import time

import guest_lib as g

JACK_ENV = dict(os.environ, JACK_NO_AUDIO_RESERVATION="1", JACK_NO_START_SERVER="1")
PERIOD = "1024"  # TCG: shorter periods xrun (tests/vm/README.md)


class Jackd:
    """jackd on the interface that stays (JACK's own device), restarted when a pull kills it."""

    def __init__(self, card):
        self.card, self.proc, self.starts = card, None, 0

    def start(self):
        self.log = open(f"{g.RESULTS}/jackd-bridge-pull.log", "a")
        self.proc = subprocess.Popen(["jackd", "--no-realtime", "-d", "alsa", "-d", f"hw:{self.card}", "-r", "48000",
                                      "-p", PERIOD, "-n", "3"], env=JACK_ENV, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.starts += 1
        g.on_cleanup(self.stop)
        g.wait_for(lambda: self.alive() and subprocess.run(["jack_lsp"], env=JACK_ENV,
                                                           capture_output=True).returncode == 0,
                   60, "jackd answers")

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def death(self):
        """How jackd ended ('signal 11', 'status 1'), or None while it runs."""
        rc = self.proc.poll()
        if rc is None:
            return None
        return f"signal {-rc}" if rc < 0 else f"status {rc}"

    def stop(self):
        if self.alive():
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def jack(*args, timeout=30):
    t0 = time.monotonic()
    try:
        r = subprocess.run(list(args), env=JACK_ENV, capture_output=True, text=True, timeout=timeout)
        return r.returncode, time.monotonic() - t0, (r.stdout + r.stderr).strip()
    except subprocess.TimeoutExpired:
        return None, time.monotonic() - t0, "timed out"


def pcm_running(card, direction):
    return "state: RUNNING" in g.pcm_status(card, direction)


class InProcess:
    name = "zalsa_in/zalsa_out (in-process, jack_load)"

    def load(self, card):
        opts = f"-d hw:{card} -c 2 -r 48000 -p {PERIOD} -n 3"
        for client, so in (("B-in", "zalsa_in"), ("B-out", "zalsa_out")):
            rc, _, out = jack("jack_load", "-i", opts, client, so)
            g.check(rc == 0, f"jack_load {so} on hw:{card} ({out[-200:]})")

    def release(self, jackd):
        """After the pull: jack_unload each bridge. Returns seconds taken and what went wrong."""
        t, problems = 0.0, []
        for client in ("B-in", "B-out"):
            rc, dt, out = jack("jack_unload", client)
            t += dt
            if jackd.death():
                problems.append(f"jackd died ({jackd.death()}) during jack_unload {client}")
                break
            if rc != 0:
                last = out.splitlines()[-1] if out else ""
                problems.append(f"jack_unload {client}: {'timeout' if rc is None else f'exit {rc}'}: {last}")
        return t, problems


class Processes:
    name = "zita-a2j/zita-j2a (processes)"

    def load(self, card):
        self.procs = []
        for client, exe in (("B-in", "zita-a2j"), ("B-out", "zita-j2a")):
            log = open(f"{g.RESULTS}/{exe}-bridge-pull.log", "a")
            p = subprocess.Popen([exe, "-j", client, "-d", f"hw:{card}", "-c", "2", "-r", "48000", "-p", PERIOD,
                                  "-n", "3"], env=JACK_ENV, stdout=log, stderr=subprocess.STDOUT)
            self.procs.append(p)
            g.on_cleanup(p.kill)

    def release(self, jackd):
        """After the pull: what headampd does with a bridge of a device that left (SIGTERM, reap)."""
        t0, problems = time.monotonic(), []
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                problems.append(f"pid {p.pid} needed SIGKILL")
                p.kill()
                p.wait()
        return time.monotonic() - t0, problems


def measure(kind, stay, jackd, cycles):
    died_at_pull = died_at_release = 0
    releases, stalls, problems = [], [], []
    for cycle in range(1, cycles + 1):
        if not jackd.alive():
            jackd.start()
        pulled = g.Emulator(port=1, inputs=2, outputs=2, tones="1500,1700", serial=f"VMPULL{cycle}",
                            name="VM Pulled")
        pulled.plug()
        card = pulled.wait_card()
        kind.load(card)
        g.wait_for(lambda: jack("jack_lsp", "B-in:capture_1")[2].startswith("B-in:capture_1")
                   and jack("jack_lsp", "B-out:playback_1")[2].startswith("B-out:playback_1"), 60,
                   f"cycle {cycle}: bridge ports")
        for a, b in (("B-in:capture_1", "system:playback_1"), ("system:capture_1", "B-out:playback_1")):
            rc, _, out = jack("jack_connect", a, b)
            g.check(rc == 0, f"cycle {cycle}: jack_connect {a} {b} ({out[-120:]})")
        g.wait_for(lambda: pcm_running(card, "p") and pcm_running(card, "c"), 60,
                   f"cycle {cycle}: both streams of card {card} running")
        time.sleep(1.0)
        mark = stay.playback_mark()
        pulled.unplug()
        g.wait_for(lambda: not os.path.exists(f"/sys/class/sound/card{card}"), 60, f"cycle {cycle}: card gone")
        time.sleep(2.0)  # the bridges meet the missing device
        rate = stay.playback_since(mark)[2]
        pull_death = jackd.death()
        took, trouble = kind.release(jackd)
        release_death = None
        if pull_death:
            trouble = []  # nothing left to release into
        else:
            release_death = jackd.death()
            releases.append(took)
        stalls.append(rate)
        problems += [f"cycle {cycle}: {p}" for p in trouble]
        died_at_pull += pull_death is not None
        died_at_release += release_death is not None
        g.note(f"{kind.name}: cycle {cycle}: card {card}; the staying interface played at {rate:.0f}% of real "
               f"time after the pull; jackd {'died (' + pull_death + ') at the pull' if pull_death else 'survived the pull'}"
               f"{', died (' + release_death + ') at the release' if release_death else ''}; release took {took:.2f} s"
               f"{'; ' + '; '.join(trouble) if trouble else ''}")
    g.note(f"=== {kind.name}: {cycles} pulls: jackd died {died_at_pull} times at the pull and {died_at_release} "
           f"times at the release; release median {statistics.median(releases or [0]):.2f} s, max {max(releases or [0]):.2f} s; "
           f"the staying interface played at median {statistics.median(stalls):.0f}%, min {min(stalls):.0f}% of "
           f"real time after each pull; {len(problems)} release problems")
    for p in problems:
        g.note(f"    {p}")
    return died_at_pull + died_at_release


def scenario_bridge_pull_in_process_vs_processes():
    cycles = int(os.environ.get("HEADAMP_VM_CYCLES", "10"))
    stay = g.Emulator(port=0, inputs=2, outputs=2, tones="440,660", serial="VMSTAYS", name="VM Stays")
    stay.plug()
    jackd = Jackd(stay.wait_card())
    jackd.start()
    zita_deaths = measure(Processes(), stay, jackd, cycles)
    zalsa_deaths = measure(InProcess(), stay, jackd, cycles)
    g.note(f"=== jackd deaths in {cycles} pulls each: zita processes {zita_deaths}, zalsa in-process {zalsa_deaths}; "
           f"jackd was started {jackd.starts} times")
    g.check(zita_deaths == 0, f"no pull of a zita-bridged interface took jackd down ({zita_deaths} of {cycles})")
