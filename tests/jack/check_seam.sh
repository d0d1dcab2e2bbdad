#!/usr/bin/env bash
# libjack stays inside jack/: no other room's library calls a libjack function (its objects name no
# jack_* symbol they need), and no source outside src/jack includes a JACK header.
# Usage: check_seam.sh SOURCE_ROOT NM LIBRARY...
set -euo pipefail
root=$1
nm=$2
shift 2
status=0
for lib in "$@"; do
    [ -f "$lib" ] || { echo "FAIL: no library $lib"; exit 1; }
    calls=$("$nm" --undefined-only --format=posix "$lib" | awk '$1 ~ /^jack_/ {print $1}' | sort -u)
    if [ -n "$calls" ]; then
        echo "FAIL: $(basename "$lib") calls libjack: $(echo $calls)"
        status=1
    else
        echo "ok: $(basename "$lib") calls no libjack function"
    fi
done
includes=$(cd "$root" && grep -rlE '#include[[:space:]]*<jack/' src --include='*.cpp' --include='*.hpp' | grep -v '^src/jack/' || true)
if [ -n "$includes" ]; then
    echo "FAIL: JACK headers included outside src/jack: $(echo $includes)"
    status=1
else
    echo "ok: only src/jack includes JACK's headers"
fi
exit $status
