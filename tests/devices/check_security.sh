#!/bin/sh
# Prints `systemd-analyze security` of the units as meson configured them (offline, from the files) and
# fails when a unit's exposure is above its limit. Arguments: UNIT LIMIT [UNIT LIMIT...], LIMIT in
# tenths (30 = 3.0), as systemd-analyze's --threshold takes it. A user unit is scored both as a user
# unit (--user) and as systemd-analyze scores any file; the higher figure counts. Needs: systemd 252+.
set -eu
runtime=$(mktemp -d)
trap 'rm -rf "$runtime"' EXIT
status=0
while [ $# -ge 2 ]; do
    unit=$1 limit=$2
    shift 2
    scopes=--system
    case $(basename "$unit") in
        headamp.service) scopes="--system --user" ;;
    esac
    for scope in $scopes; do
        # --threshold makes systemd-analyze itself exit non-zero above the limit; the figure is printed
        # either way, so that the log shows it.
        if out=$(XDG_RUNTIME_DIR=$runtime systemd-analyze $scope security --offline=true --threshold="$limit" "$unit" 2>&1); then
            verdict=ok
        else
            verdict=FAIL
            status=1
        fi
        figure=$(printf '%s\n' "$out" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
        if [ -z "$figure" ]; then
            echo "FAIL $(basename "$unit") $scope: no exposure level in the output:"
            printf '%s\n' "$out"
            status=1
            continue
        fi
        echo "$verdict $(basename "$unit") $scope: exposure $figure (limit $(echo "$limit" | sed 's/\(.\)$/.\1/'))"
        [ "$verdict" = ok ] || printf '%s\n' "$out" | grep '✗'
    done
done
exit $status
