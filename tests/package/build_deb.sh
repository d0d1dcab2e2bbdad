#!/bin/sh
# Builds the Debian package from a copy of the source tree in a temporary directory (dpkg-buildpackage
# writes into the parent of the tree it builds, and the tree itself gets debian/ build output), runs
# lintian on it and on the source package (any error fails), and checks that the .deb holds what
# debian/ and meson promise.
# Usage: build_deb.sh SOURCE_ROOT. Needs dpkg-dev, debhelper, lintian and the build dependencies
# (scripts/deps test). A missing tool fails the test. HEADAMP_KEEP_DEB=DIR keeps the results in DIR.
set -eu
src=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM HUP  # meson's timeout: clean up all the same
tree=$work/headamp
mkdir "$tree"

# The files of the tree as git sees them (tracked ones, and new ones not ignored, so an uncommitted
# change is built too; the /build*/ directories are ignored); without git, everything but build
# directories (those holding a build.ninja) and version control.
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$src" ls-files -z --cached --others --exclude-standard |
        (cd "$src" && xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh) |
        tar -C "$src" --null -T - -cf - | tar -C "$tree" -xf -
else
    tar -C "$src" --exclude-vcs --exclude-tag-all=build.ninja -cf - . | tar -C "$tree" -xf -
fi

# The source package first, from the clean copy: lintian checks debian/control and the rest there.
(cd "$work" && dpkg-source -b headamp) > "$work/source.log" 2>&1 || { cat "$work/source.log"; exit 1; }

# parallel=2: the machines this runs on are shared; nocheck: the suite that runs this test is the check.
echo "== dpkg-buildpackage -b -us -uc (DEB_BUILD_OPTIONS='nocheck parallel=2')"
start=$(date +%s)
(cd "$tree" && DEB_BUILD_OPTIONS="nocheck parallel=2" DEB_BUILD_PROFILES=nocheck \
    dpkg-buildpackage -b -us -uc) > "$work/build.log" 2>&1 || { tail -n 60 "$work/build.log"; exit 1; }
echo "built in $(( $(date +%s) - start )) s"
grep -i 'warning:' "$work/build.log" || true

set -- "$work"/headamp_*.deb
[ -f "$1" ] || { echo "FAIL no headamp_*.deb in $work:"; ls "$work"; exit 1; }
deb=$1
changes=$(ls "$work"/headamp_*.changes)
echo "== $(basename "$deb")"

status=0
echo "== lintian"
# Every tag is printed; errors fail the test.
lintian --info --display-info --fail-on error "$changes" "$work"/headamp_*.dsc ||
    { echo "FAIL lintian reports errors"; status=1; }

echo "== dpkg-deb -c"
# "mode owner size date time path" (and "-> target" for a link); no path of ours has a space.
dpkg-deb -c "$deb" | awk '{ print $6 }' > "$work/files"
cat "$work/files"
expect() {  # a file (an extended regular expression, whole line) the package must hold
    if grep -Eqx "$1" "$work/files"; then echo "ok   $1"; else echo "FAIL missing $1"; status=1; fi
}
expect './usr/bin/headampd'
expect './usr/bin/headamp'
expect '\./(usr/)?lib/udev/rules\.d/90-headamp\.rules'
expect './usr/lib/systemd/user/headamp\.service'
expect './usr/lib/systemd/user-preset/90-headamp\.preset'
expect '\./(usr/)?lib/systemd/system/headamp-system\.service'
expect './usr/share/man/man1/headamp\.1\.gz'
expect './usr/share/man/man8/headampd\.8\.gz'
expect './usr/share/man/man5/headamp\.conf\.5\.gz'
expect './usr/share/man/man7/headamp-osc\.7\.gz'
expect './usr/share/doc/headamp/copyright'

# The unit names the installed daemon, and the preset enables the unit the package ships.
dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./usr/lib/systemd/user/headamp.service > "$work/unit"
if grep -Eq '^ExecStart=/usr/bin/headampd( |$)' "$work/unit"; then echo "ok   ExecStart=/usr/bin/headampd"
else echo "FAIL the user unit starts: $(grep '^ExecStart' "$work/unit")"; status=1; fi
dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./usr/lib/systemd/user-preset/90-headamp.preset > "$work/preset"
if grep -qx 'enable headamp.service' "$work/preset"; then echo "ok   preset: enable headamp.service"
else echo "FAIL the preset does not enable headamp.service"; status=1; fi
# The user unit is enabled for every user at installation (dh_installsystemduser); the example
# system unit is not: only the "was it enabled before?" block of --no-enable, and nothing starts it.
dpkg-deb -e "$deb" "$work/control"
postinst=$work/control/postinst
if grep -q "deb-systemd-helper --user enable 'headamp.service'" "$postinst"; then
    echo "ok   postinst enables the user unit for all users"
else echo "FAIL postinst does not enable headamp.service for users"; status=1; fi
if grep -q "deb-systemd-helper debian-installed 'headamp-system.service'" "$postinst" &&
   ! grep -q "deb-systemd-invoke.*headamp-system.service" "$postinst"; then
    echo "ok   postinst neither enables nor starts the example system unit"
else echo "FAIL postinst enables or starts headamp-system.service:"; cat "$postinst"; status=1; fi

if [ -n "${HEADAMP_KEEP_DEB:-}" ]; then mkdir -p "$HEADAMP_KEEP_DEB"; cp "$work"/headamp_* "$work/build.log" "$HEADAMP_KEEP_DEB"/; fi
exit $status
