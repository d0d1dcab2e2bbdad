#!/bin/sh
# Runs a zita bridge (zita-a2j/zita-j2a, given as $1) with a longer ALSA period than headampd asks for
# (-p 1024 instead of 256): fewer wake-ups for a guest that QEMU emulates without KVM.
bridge=$1
shift
out=""
replace=0
for a in "$@"; do
    if [ $replace = 1 ]; then a=1024; replace=0; fi
    [ "$a" = -p ] && replace=1
    out="$out $a"
done
# shellcheck disable=SC2086 # the arguments are headampd's: client and card names without spaces
exec "$bridge" $out
