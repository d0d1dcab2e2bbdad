#!/bin/sh
# `systemd-analyze verify` of the units as meson configured them; any complaint fails (verify itself
# exits 0 on unknown keys and bad values). Needs: systemd (systemd-analyze).
set -eu
runtime=$(mktemp -d)
trap 'rm -rf "$runtime"' EXIT
status=0
for unit in "$@"; do
    case $(basename "$unit") in
        headamp.service) scope=--user ;;
        *) scope=--system ;;
    esac
    # The units name the installed headampd; check them against the one just built.
    copy=$runtime/$(basename "$unit")
    sed "s|^ExecStart=.*/headampd|ExecStart=$HEADAMPD|" "$unit" > "$copy"
    out=$(XDG_RUNTIME_DIR=$runtime systemd-analyze $scope --man=no verify "$copy" 2>&1) || { echo "$out"; status=1; continue; }
    # A system unit with User= names a user this machine may not have: not the unit's fault.
    out=$(printf '%s\n' "$out" | grep -v "Failed to resolve user\|User=headamp" || true)
    if [ -n "$out" ]; then echo "FAIL $unit:"; echo "$out"; status=1; else echo "ok   $unit"; fi
done
exit $status
