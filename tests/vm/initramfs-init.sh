#!/bin/busybox sh
# PID 1 of the test guest's initramfs: load the virtio/9p/overlay modules, mount the host's / (read-only
# 9p) with tmpfs overlays and the results share, then switch_root into it and run tests/vm/guest-init.sh.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $(cat /modules.order); do insmod "/modules/$m" 2>/dev/null; done
fail() { echo "headamp-vm: initramfs: $*"; poweroff -f; }
mkdir -p /newroot
mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=262144 hostroot /newroot || fail "no 9p root"
source_dir=$(cat /source_dir)
# The guest's /tmp is a tmpfs; a checkout under the host's /tmp (CI clones there) would vanish under
# it, so keep the host's /tmp at hand and bind the checkout's top folder back to the same path.
mkdir -p /hosttmp
mount --bind /newroot/tmp /hosttmp || fail "bind host /tmp"
for d in tmp run; do mount -t tmpfs -o mode=1777 tmpfs /newroot/$d || fail "tmpfs $d"; done
case "$source_dir" in
    /tmp/*)
        top=${source_dir#/tmp/}
        top=${top%%/*}
        mkdir -p "/newroot/tmp/$top"
        mount --bind "/hosttmp/$top" "/newroot/tmp/$top" || fail "bind /tmp/$top"
        ;;
esac
mkdir -p /newroot/tmp/.ov /newroot/tmp/results
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 results /newroot/tmp/results || fail "no results share"
for d in etc var root; do
    mkdir -p /newroot/tmp/.ov/$d/u /newroot/tmp/.ov/$d/w
    mount -t overlay overlay -o lowerdir=/newroot/$d,upperdir=/newroot/tmp/.ov/$d/u,workdir=/newroot/tmp/.ov/$d/w /newroot/$d \
        || fail "overlay $d"
done
mount --move /dev /newroot/dev
mount --move /proc /newroot/proc
mount --move /sys /newroot/sys
exec switch_root /newroot /bin/sh "$source_dir/tests/vm/guest-init.sh"
