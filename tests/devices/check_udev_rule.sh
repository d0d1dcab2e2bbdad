#!/bin/sh
# Checks udev/90-headamp.rules with the real udev rules engine (systemd 252 has no `udevadm verify`):
# `udevadm test` in a private mount namespace whose /run/udev/rules.d holds only our rule, on umockdev
# test beds of real cards. The rule must parse without a complaint, pull in headamp.service for USB
# audio interfaces, and leave a non-USB card and a gadget card (no USB parent) alone.
# Needs: udev (udevadm), umockdev (umockdev-run), util-linux (unshare).
set -eu
rule=$1
data=$2
if [ "${IN_NAMESPACE:-}" != 1 ]; then
    IN_NAMESPACE=1 exec unshare --map-root-user --mount "$0" "$@"
fi
mount -t tmpfs none /run
mkdir -p /run/udev/rules.d
cp "$rule" /run/udev/rules.d/
status=0
check() {  # check RECORD SYSPATH WANTED(yes|no)
    out=$(umockdev-run -d "$data/$1" -- udevadm test --action=change "$2" 2>&1) || true
    if ! printf '%s\n' "$out" | grep -q 'Reading rules file: /run/udev/rules.d/90-headamp.rules'; then
        echo "FAIL $1: udevadm did not read the rule"; status=1; return
    fi
    if printf '%s\n' "$out" | grep -E '90-headamp\.rules:[0-9]+' ; then
        echo "FAIL $1: udevadm complains about the rule"; status=1
    fi
    if printf '%s\n' "$out" | grep -qx 'SYSTEMD_USER_WANTS=headamp.service'; then got=yes; else got=no; fi
    if printf '%s\n' "$out" | grep -q '^TAGS=.*:systemd:'; then tagged=yes; else tagged=no; fi
    if [ "$got" != "$3" ] || { [ "$3" = yes ] && [ "$tagged" != yes ]; }; then
        echo "FAIL $1: SYSTEMD_USER_WANTS=headamp.service: $got (want $3), systemd tag: $tagged"; status=1
    else
        echo "ok   $1: headamp.service wanted: $got"
    fi
}
check scarlett-solo-3rd-gen.umockdev /sys/devices/pci0000:00/0000:00:14.0/usb1/1-2/1-2:1.0/sound/card1 yes
check behringer-umc404hd.umockdev /sys/devices/pci0000:00/0000:00:14.0/usb1/1-3/1-3:1.0/sound/card2 yes
check scarlett-18i20-3rd-gen.umockdev /sys/devices/pci0000:00/0000:00:14.0/usb1/1-4/1-4.1/1-4.1:1.0/sound/card3 yes
check snd-dummy.umockdev /sys/devices/platform/snd_dummy.0/sound/card0 no
check uac2-gadget.umockdev /sys/devices/platform/usbip-vudc.0/gadget.0/sound/card4 no
exit $status
