#!/bin/sh
# PID 1 of the test guest after switch_root: finish the mounts, start udevd with headamp's udev rule,
# run the scenario group named in the results share's run.env, leave its exit status there, power off.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8
results=/tmp/results
. $results/run.env   # SOURCE_DIR BUILD_DIR GROUP SCENARIOS
exec >>$results/guest.log 2>&1
t0=$(cut -d' ' -f1 /proc/uptime)
echo "guest: up at ${t0}s (kernel uptime), group $GROUP"
mkdir -p /dev/shm /dev/pts /run/user/0
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t devpts devpts /dev/pts
chmod 700 /run/user/0
hostname headamp-vm
ip link set lo up 2>/dev/null
# The project's rule, as the package installs it (/etc overlay, so it wins over any copy in /lib).
mkdir -p /etc/udev/rules.d
cp "$SOURCE_DIR/udev/90-headamp.rules" /etc/udev/rules.d/
/lib/systemd/systemd-udevd --daemon
udevadm trigger --action=add
udevadm settle --timeout=60
echo "guest: udevd up and settled at $(cut -d' ' -f1 /proc/uptime)s"
status=1
/usr/bin/python3 "$SOURCE_DIR/tests/vm/guest_scenarios.py" "$GROUP" $SCENARIOS && status=0
echo "guest: scenarios done with status $status at $(cut -d' ' -f1 /proc/uptime)s"
echo $status > $results/status
sync
busybox poweroff -f
