#!/usr/bin/env python3
# Side by side on one private jackd: headampd, M x jack_mix_box and an empty client, on-CPU time per second of audio.
"""Usage: compare.py HEADAMPD EMPTY_CLIENT [--seconds N] [--warmup N] [--rounds N] [--cases SxM,...]

For each case of S mono sources and M stereo mixes, starts one contender at a time on the same
private `jackd -d dummy -r 48000 -p 32`, wires its inputs to the dummy's capture ports and its
outputs to the playback ports, lets it warm up, then reads the on-CPU time of all its threads
(the process's CPU clock, clock_getcpuclockid: every thread, to the nanosecond) over a window of
audio frames. A figure is percent of one core per second of audio, the best of a few rounds.
jackd runs real-time (-R) when the system allows it, as a user's does. jack_mix_box missing
(Debian package jack-mixer) leaves its column empty; nothing here fails on a slow result: it prints.
"""

import argparse
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

RATE = 48000
PERIOD = 32
CASES = [(8, 1), (64, 1), (8, 4), (32, 8), (64, 16)]
JACK_PORT_IS_INPUT = 0x1
JACK_PORT_IS_OUTPUT = 0x2
JACK_NO_START_SERVER = 0x01
JACK_SERVER_NAME = 0x04


class Jack:
    """A plain libjack client (never activated) for listing and connecting ports and reading the frame clock."""

    def __init__(self, server):
        self.lib = ctypes.CDLL("libjack.so.0")
        self.lib.jack_client_open.restype = ctypes.c_void_p
        self.lib.jack_client_open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_int),
                                              ctypes.c_char_p]
        self.lib.jack_get_ports.restype = ctypes.POINTER(ctypes.c_char_p)
        self.lib.jack_get_ports.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong]
        self.lib.jack_connect.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
        self.lib.jack_frame_time.restype = ctypes.c_uint32
        self.lib.jack_frame_time.argtypes = [ctypes.c_void_p]
        self.lib.jack_free.argtypes = [ctypes.c_void_p]
        self.lib.jack_client_close.argtypes = [ctypes.c_void_p]
        # libjack's complaints while the server is still coming up would drown the figures.
        self.quiet = ctypes.CFUNCTYPE(None, ctypes.c_char_p)(lambda message: None)
        self.lib.jack_set_error_function(self.quiet)
        self.lib.jack_set_info_function(self.quiet)
        status = ctypes.c_int(0)
        self.client = self.lib.jack_client_open(b"compare", JACK_NO_START_SERVER | JACK_SERVER_NAME,
                                                ctypes.byref(status), server.encode())
        if not self.client:
            raise RuntimeError(f"cannot open a JACK client on {server} (status {status.value:#x})")

    def close(self):
        self.lib.jack_client_close(self.client)

    def ports(self, pattern, flags):
        array = self.lib.jack_get_ports(self.client, pattern.encode(), b"32 bit float mono audio", flags)
        names = []
        if array:
            i = 0
            while array[i]:
                names.append(array[i].decode())
                i += 1
            self.lib.jack_free(ctypes.cast(array, ctypes.c_void_p))
        return names

    def connect(self, source, destination):
        """Waits for a client that registered its ports before activating (JACK connects only active ones)."""
        result = []

        def done():
            rc = self.lib.jack_connect(self.client, source.encode(), destination.encode())
            result.append(rc)
            return rc in (0, 17)  # 17: EEXIST, already connected (headampd connects its own)

        try:
            wait_for(done, 10, "")
        except RuntimeError:
            raise RuntimeError(f"cannot connect {source} to {destination} ({result[-1]})") from None

    def frames(self):
        return self.lib.jack_frame_time(self.client)


def wait_for(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise RuntimeError(f"timed out waiting for {what}")


def cpu_ns(pid):
    """On-CPU time of every thread of the process, living or ended (the process CPU clock, CPUCLOCK_SCHED)."""
    return time.clock_gettime_ns(((~pid) << 3) | 2)


def memory(pid):
    """(RSS, private) in MB: VmRSS, and Private_Clean + Private_Dirty from smaps_rollup."""
    rss = private = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith(("Private_Clean:", "Private_Dirty:")):
                private += int(line.split()[1])
    return rss / 1024, private / 1024


class Result:
    """One contender's figures in one case."""

    def __init__(self, percent, memory_mb, xruns):
        self.percent, self.memory_mb, self.xruns = percent, memory_mb, xruns


class Server:
    """The private jackd: real-time when the system allows it (as a user runs it), else without."""

    def __init__(self, work, cases):
        self.name = f"headamp-compare-{os.getpid()}"
        self.log_path = os.path.join(work, "jackd.log")
        sources = max(s for s, _ in cases)
        playback = 2 * max(m for _, m in cases)
        for realtime in (True, False):
            self.realtime = realtime
            self.process = subprocess.Popen(
                ["jackd", "-R" if realtime else "--no-realtime", "-n", self.name, "-d", "dummy", "-r", str(RATE),
                 "-p", str(PERIOD), "-C", str(sources), "-P", str(playback)],
                stdin=subprocess.DEVNULL, stdout=open(self.log_path, "w"), stderr=subprocess.STDOUT,
                env=dict(os.environ, JACK_NO_AUDIO_RESERVATION="1"))
            self.jack = None
            try:
                wait_for(self.up, 15, "jackd")
            except RuntimeError:
                pass
            if self.jack:
                return
            self.stop()
        raise RuntimeError("jackd did not start:\n" + self.log())

    def up(self):
        if self.process.poll() is not None:
            raise RuntimeError("jackd exited")
        try:
            self.jack = Jack(self.name)
            return True
        except RuntimeError:
            return False

    def log(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def xruns(self):
        return self.log().count("XRun")

    def stop(self):
        if self.jack:
            self.jack.close()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Contender:
    """Processes playing one part in one case: started, wired to the dummy's ports, stopped."""

    def __init__(self, server, log):
        self.server, self.jack, self.log, self.processes = server, server.jack, log, []

    def spawn(self, argv, env=None):
        self.processes.append(subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT,
                                               env=env))

    def wire(self, client, sources, mixes, first_mix=0):
        """Inputs to capture_1.., outputs to the playback ports of mix first_mix on, in JACK's order."""
        inputs = lambda: self.jack.ports(f"^{client}:", JACK_PORT_IS_INPUT)
        outputs = lambda: self.jack.ports(f"^{client}:", JACK_PORT_IS_OUTPUT)
        wait_for(lambda: len(inputs()) >= sources and len(outputs()) >= 2 * mixes, 60, f"the ports of {client}")
        for k, port in enumerate(inputs()[:sources]):
            self.jack.connect(f"system:capture_{k + 1}", port)
        for k, port in enumerate(outputs()[:2 * mixes]):
            self.jack.connect(port, f"system:playback_{2 * first_mix + k + 1}")

    def measure(self, warmup, seconds):
        """Percent of one core per second of audio, summed over the processes, the first one's memory."""
        for p in self.processes:
            if p.poll() is not None:
                raise RuntimeError(f"{p.args[0]} exited with {p.returncode}")
        time.sleep(warmup)
        x0, f0, t0 = self.server.xruns(), self.jack.frames(), [cpu_ns(p.pid) for p in self.processes]
        time.sleep(seconds)
        f1, t1 = self.jack.frames(), [cpu_ns(p.pid) for p in self.processes]
        audio_seconds = ((f1 - f0) % 2**32) / RATE
        used = sum(b - a for a, b in zip(t0, t1)) / 1e9
        return Result(100.0 * used / audio_seconds, memory(self.processes[0].pid), self.server.xruns() - x0)

    def stop(self):
        for p in self.processes:
            p.send_signal(signal.SIGTERM)
        for p in self.processes:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.processes = []


def headampd_config(sources, mixes):
    lines = ["[jack]", "connect_physical = false", ""]
    for s in range(sources):
        lines += ["[[source]]", f'name = "s{s + 1}"', f'ports = ["system:capture_{s + 1}"]', ""]
    for m in range(mixes):
        lines += ["[[mix]]", f'name = "m{m + 1}"',
                  f'outputs = ["system:playback_{2 * m + 1}", "system:playback_{2 * m + 2}"]', ""]
    return "\n".join(lines)


def run_headampd(c, args, server, work, sources, mixes):
    config = os.path.join(work, "headamp.conf")
    with open(config, "w") as f:
        f.write(headampd_config(sources, mixes))
    env = dict(os.environ, XDG_STATE_HOME=os.path.join(work, "state"))
    c.spawn([args.headampd, "--server", server, "--config", config, "--socket", os.path.join(work, "control"),
             "--name", "bench-headamp"], env)
    c.wire("bench-headamp", sources, mixes)


def run_mix_boxes(c, args, server, work, sources, mixes):
    env = dict(os.environ, JACK_DEFAULT_SERVER=server)
    ccs = [str(20 + s) for s in range(sources)]  # one MIDI CC per channel, as the tool wants
    for m in range(mixes):
        c.spawn(["jack_mix_box", "-n", f"bench-box-{m + 1}"] + ccs, env)
    for m in range(mixes):
        c.wire(f"bench-box-{m + 1}", sources, 1, first_mix=m)


def run_empty(c, args, server, work, sources, mixes):
    c.spawn([args.empty_client, server, "bench-empty", str(sources), str(mixes)])
    c.wire("bench-empty", sources, mixes)


def measure_once(server, args, work, log, sources, mixes, name, runner):
    c = Contender(server, log)
    try:
        runner(c, args, server.name, work, sources, mixes)
        return c.measure(args.warmup, args.seconds)
    except RuntimeError as e:
        print(f"  {name} at {sources}x{mixes} could not run: {e}", flush=True)
        return None
    finally:
        c.stop()


def measure_case(server, args, work, log, sources, mixes):
    """Each contender's best round: the machine is shared, and what others run only ever adds time."""
    runners = [("headampd", run_headampd), ("jack_mix_box", run_mix_boxes), ("empty", run_empty)]
    if not shutil.which("jack_mix_box"):
        print("  jack_mix_box is not installed (Debian package jack-mixer)", flush=True)
        runners = [r for r in runners if r[0] != "jack_mix_box"]
    results = {name: None for name in ("headampd", "jack_mix_box", "empty")}
    for round_number in range(args.rounds):
        for name, runner in runners:
            if round_number > 0 and results[name] is None:
                continue  # it could not run the first time
            r = measure_once(server, args, work, log, sources, mixes, name, runner)
            if r and (results[name] is None or r.percent < results[name].percent):
                results[name] = r
    return results


def report(sources, mixes, r):
    def pct(x):
        return f"{x.percent:6.2f} %" if x else "   n/a  "

    def times(a, b):
        return f"{b.percent / a.percent:5.1f}x" if a and b and a.percent > 0 else "  n/a"

    def verdict(ok):
        return "met" if ok else "NOT met"

    h, box, empty = r["headampd"], r["jack_mix_box"], r["empty"]
    box_target = 10.0 if mixes > 1 else 3.0
    print(f"{sources:3d} x {mixes:2d}  headampd {pct(h)}  jack_mix_box {pct(box)}  empty client {pct(empty)}", flush=True)
    print(f"         jack_mix_box / headampd = {times(h, box)} (target >= {box_target:.0f}x:"
          f" {verdict(h and box and box.percent >= box_target * h.percent)})", flush=True)
    line = f"         headampd / empty client = {times(empty, h)}"
    if (sources, mixes) == (64, 16):
        line += f" (target <= 1.5x: {verdict(h and empty and h.percent <= 1.5 * empty.percent)})"
    print(line, flush=True)
    xruns = ", ".join(f"{name} {x.xruns}" for name, x in r.items() if x)
    print(f"         xruns in the windows: {xruns}", flush=True)
    if h:
        rss, private = h.memory_mb
        print(f"         headampd memory: RSS {rss:.1f} MB (mostly JACK's shared memory, locked in RAM by headampd),"
              f" private {private:.1f} MB (target <= 16 MB: {verdict(private <= 16)})", flush=True)


def main():
    # meson test ends a benchmark past its timeout with SIGTERM: unwind, so jackd and the clients stop too.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("headampd")
    parser.add_argument("empty_client")
    parser.add_argument("--seconds", type=float, default=10.0, help="measuring window (default 10 s)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of all contenders; the best counts (default 2)")
    parser.add_argument("--warmup", type=float, default=3.0, help="before the window (default 3 s)")
    parser.add_argument("--cases", default=",".join(f"{s}x{m}" for s, m in CASES), help="e.g. 8x1,64x16")
    args = parser.parse_args()
    cases = [tuple(int(v) for v in case.split("x")) for case in args.cases.split(",")]
    with tempfile.TemporaryDirectory(prefix="headamp-compare-") as work, \
            open(os.path.join(work, "clients.log"), "w+") as log:
        try:
            server = Server(work, cases)
        except RuntimeError as e:
            print(f"compare.py: {e}", file=sys.stderr)
            return 1
        try:
            print(f"jackd {'-R' if server.realtime else '--no-realtime'} -d dummy -r {RATE} -p {PERIOD};"
                  f" on-CPU time of all the threads of each contender's processes, in % of one core per second of"
                  f" audio over {args.seconds:g} s after {args.warmup:g} s of warm-up, best of {args.rounds} round(s)",
                  flush=True)
            for sources, mixes in cases:
                report(sources, mixes, measure_case(server, args, work, log, sources, mixes))
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
