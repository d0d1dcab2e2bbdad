#!/usr/bin/python3
"""Boots a throw-away QEMU guest (TCG) on Debian's kernel and runs one group of headamp's whole-system
scenarios in it; prints the scenarios' results as TAP. Missing prerequisites are a failure.

Usage: vm.py --source DIR --build DIR [--timeout S] [--keep] GROUP SCENARIO...
The guest sees the host's / read-only over 9p (so the build tree and Debian's packages) and writes
its results into a second, writable 9p share; the guest can ask the host to run QMP commands (QEMU's
own usb-audio hot-plug) by dropping request files there.
"""
import argparse
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

INITRAMFS_MODULES = ["virtio_pci", "9p", "9pnet_virtio", "overlay", "configfs"]


def fail(msg):
    print(f"Bail out! headamp-vm: {msg}", flush=True)
    sys.exit(1)


def find_kernel():
    kernels = sorted(glob.glob("/boot/vmlinuz-*"))
    if not kernels:
        fail("no kernel in /boot (Debian package linux-image-amd64)")
    kernel = kernels[-1]
    kver = kernel.split("vmlinuz-", 1)[1]
    if not os.path.isdir(f"/lib/modules/{kver}"):
        fail(f"no /lib/modules/{kver} for {kernel}")
    return kernel, kver


def build_initramfs(work, kver, source_dir):
    busybox = "/bin/busybox"  # busybox-static's; the dynamic busybox package would need its libraries
    if not os.path.exists(busybox):
        fail("no /bin/busybox (Debian package busybox-static)")
    root = os.path.join(work, "initramfs")
    for d in ("bin", "proc", "sys", "dev", "modules", "newroot"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    shutil.copy(busybox, os.path.join(root, "bin", "busybox"))
    os.symlink("busybox", os.path.join(root, "bin", "sh"))
    shutil.copy(os.path.join(source_dir, "tests", "vm", "initramfs-init.sh"), os.path.join(root, "init"))
    os.chmod(os.path.join(root, "init"), 0o755)
    with open(os.path.join(root, "source_dir"), "w") as f:
        f.write(source_dir + "\n")
    order = []
    for m in INITRAMFS_MODULES:
        out = subprocess.run(["modprobe", "-S", kver, "--show-depends", m], capture_output=True, text=True)
        if out.returncode != 0:
            fail(f"modprobe --show-depends {m}: {out.stderr.strip()} (Debian package kmod)")
        for line in out.stdout.splitlines():
            parts = line.split()
            if parts and parts[0] == "insmod":
                name = os.path.basename(parts[1])
                if name not in order:
                    # Debian compresses modules with xz on newer kernels; busybox insmod wants them plain.
                    dst = os.path.join(root, "modules", name.removesuffix(".xz"))
                    if parts[1].endswith(".xz"):
                        with open(dst, "wb") as f:
                            subprocess.run(["xz", "-dc", parts[1]], stdout=f, check=True)
                    else:
                        shutil.copy(parts[1], dst)
                    order.append(name.removesuffix(".xz"))
    with open(os.path.join(root, "modules.order"), "w") as f:
        f.write("\n".join(order) + "\n")
    image = os.path.join(work, "initramfs.cpio")
    files = subprocess.run(["sh", "-c", "find . | sort"], cwd=root, capture_output=True, text=True,
                           check=True).stdout
    with open(image, "wb") as f:
        subprocess.run(["/bin/busybox", "cpio", "-o", "-H", "newc"], cwd=root, input=files.encode(),
                       stdout=f, stderr=subprocess.DEVNULL, check=True)
    return image


class Qmp:
    """The smallest QMP client: connect, negotiate, run a command and wait for its return."""

    def __init__(self, path, deadline):
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX)
                self.sock.connect(path)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self.file = self.sock.makefile("rw")
        json.loads(self.file.readline())  # greeting
        self.execute({"execute": "qmp_capabilities"})

    def execute(self, cmd):
        self.file.write(json.dumps(cmd) + "\n")
        self.file.flush()
        while True:
            msg = json.loads(self.file.readline())
            if "return" in msg or "error" in msg:
                return msg


def serve_requests(qmp, results):
    """Runs the QMP commands the guest asked for (req/N.json) and answers in resp/N.json."""
    for req in sorted(glob.glob(os.path.join(results, "req", "*.json"))):
        with open(req) as f:
            try:
                cmd = json.load(f)
            except ValueError:
                continue  # still being written
        os.unlink(req)
        answer = qmp.execute(cmd)
        name = os.path.basename(req)
        tmp = os.path.join(results, "resp", name + ".tmp")
        with open(tmp, "w") as f:
            json.dump(answer, f)
        os.rename(tmp, os.path.join(results, "resp", name))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--timeout", type=float, default=1100)
    ap.add_argument("--keep", action="store_true", help="keep the work directory (console log, results)")
    ap.add_argument("group")
    ap.add_argument("scenarios", nargs="+")
    args = ap.parse_args()
    source, build = os.path.realpath(args.source), os.path.realpath(args.build)

    qemu = shutil.which("qemu-system-x86_64")
    if not qemu:
        fail("no qemu-system-x86_64 (Debian package qemu-system-x86)")
    for tool in ("/lib/systemd/systemd-udevd", "/usr/bin/pgrep", "/usr/sbin/modprobe", "/usr/bin/jackd", "/usr/bin/zita-a2j", "/usr/bin/amixer",
                 "/usr/bin/python3", "/usr/bin/pipewire", "/usr/bin/wireplumber", "/usr/bin/pw-jack", "/usr/bin/pw-dump",
                 "/usr/bin/dbus-daemon", f"{build}/src/daemon/headampd", f"{build}/src/cli/headamp", f"{build}/tests/vm/usbip-audio"):
        if not os.path.exists(tool):
            fail(f"missing {tool} (scripts/deps test installs the packages; build first)")
    kernel, kver = find_kernel()

    work = tempfile.mkdtemp(prefix=f"headamp-vm-{args.group}-", dir="/var/tmp")
    results = os.path.join(work, "results")
    for d in ("", "req", "resp"):
        os.makedirs(os.path.join(results, d), exist_ok=True)
    t_start = time.monotonic()
    initrd = build_initramfs(work, kver, source)
    with open(os.path.join(results, "run.env"), "w") as f:
        f.write(f"SOURCE_DIR='{source}'\nBUILD_DIR='{build}'\nGROUP='{args.group}'\n"
                f"SCENARIOS='{' '.join(args.scenarios)}'\n")
        for k, v in os.environ.items():  # knobs for the scenarios, e.g. HEADAMP_VM_CYCLES
            if k.startswith("HEADAMP_VM_"):
                f.write(f"{k}='{v}'\n")
    console = os.path.join(work, "console.log")
    qmp_path = os.path.join(work, "qmp.sock")
    cmd = [qemu, "-accel", "tcg", "-m", "2048", "-smp", "2", "-nodefaults", "-display", "none", "-no-reboot",
           "-serial", f"file:{console}", "-kernel", kernel, "-initrd", initrd,
           "-append", "console=ttyS0 quiet panic=-1 rdinit=/init",
           "-fsdev", "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap",
           "-device", "virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot",
           "-fsdev", f"local,id=results,path={results},security_model=none,multidevs=remap",
           "-device", "virtio-9p-pci,fsdev=results,mount_tag=results",
           "-device", "qemu-xhci,id=xhci", "-audiodev", "none,id=a0",
           "-qmp", f"unix:{qmp_path},server=on,wait=off"]
    print(f"# headamp-vm: {args.group}: kernel {kver}, work dir {work}", flush=True)
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
    qmp = None
    deadline = time.monotonic() + args.timeout
    timed_out = False
    try:
        qmp = Qmp(qmp_path, time.monotonic() + 30)
        while proc.poll() is None:
            if time.monotonic() > deadline:
                timed_out = True
                proc.kill()
                break
            serve_requests(qmp, results)
            time.sleep(0.05)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    elapsed = time.monotonic() - t_start

    guest_log = ""
    if os.path.exists(os.path.join(results, "guest.log")):
        with open(os.path.join(results, "guest.log")) as f:
            guest_log = f.read()
    for line in guest_log.splitlines():
        print(f"# {line}")
    status_file = os.path.join(results, "status")
    status = open(status_file).read().strip() if os.path.exists(status_file) else None
    print(f"1..{len(args.scenarios)}")
    failed = 0
    for i, name in enumerate(args.scenarios, 1):
        path = os.path.join(results, f"result-{name}")
        verdict = open(path).read().strip() if os.path.exists(path) else "not ok (no result: guest stopped early)"
        if not verdict.startswith("ok"):
            failed += 1
            if not verdict.startswith("not ok"):
                verdict = "not ok " + verdict
        print(f"{verdict.split(' ', 1)[0] if verdict.startswith('ok') else 'not ok'} {i} - {name}"
              f"{(' # ' + verdict) if not verdict.startswith('ok') else ''}")
    if timed_out:
        print(f"# guest killed after {args.timeout:.0f} s")
    if status is None or failed or timed_out:
        with open(console, errors="replace") as f:
            tail = f.read()[-4000:]
        print("# console tail:\n" + "\n".join("#   " + l for l in tail.splitlines()))
    print(f"# headamp-vm: {args.group}: {elapsed:.1f} s from start to power-off, guest status {status}")
    if not args.keep and not failed and status == "0":
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if (status == "0" and not failed and not timed_out) else 1)


if __name__ == "__main__":
    main()
