#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-deps.sh - scripts/deps.sh without touching the machine: DEPS_ROOT points it
# at a temporary root, a stand-in apt-get records what it was asked to install
# (and whether a policy-rc.d was in place then), a stand-in dpkg-query reports
# every package missing.  Proves: `build` asks only for build packages, `test`
# adds the test packages (groff among them); an existing policy-rc.d survives
# byte-exact and is what apt-get ran under; ours is there during the install
# and gone afterwards, also when apt-get fails; the deb-src entry goes to a file
# of our own and the existing source list is left unchanged.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/lib.sh"
W=$(mktemp -d); trap 'rm -rf "$W"; cleanup_pids' EXIT
cat >"$W/apt-get" <<'SH'
#!/bin/bash
# stand-in apt-get: logs its arguments and the policy-rc.d seen at install time
echo "apt-get $*" >>"$FAKE_LOG"
if [ "$1" = install ]; then
	if [ -f "$DEPS_ROOT/usr/sbin/policy-rc.d" ]; then
		echo "policy $(sha256sum <"$DEPS_ROOT/usr/sbin/policy-rc.d" | cut -c1-16) $(sh "$DEPS_ROOT/usr/sbin/policy-rc.d" >/dev/null 2>&1; echo $?)" >>"$FAKE_LOG"
	else
		echo "policy none" >>"$FAKE_LOG"
	fi
	exit "${FAKE_APT_RC:-0}"
fi
SH
printf '#!/bin/sh\nexit 1\n' >"$W/dpkg-query"
chmod +x "$W/apt-get" "$W/dpkg-query"

# newroot NAME: a temporary root with a bookworm debian.sources
newroot() {
	local r=$W/$1
	mkdir -p "$r/etc/apt/sources.list.d" "$r/usr/sbin"
	printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\n' \
		>"$r/etc/apt/sources.list.d/debian.sources"
	echo "$r"
}
# deps ROOT LOG MODE: run deps.sh against ROOT with the stand-ins
deps() {
	DEPS_ROOT=$1 FAKE_LOG=$2 APT_GET=$W/apt-get DPKG_QUERY=$W/dpkg-query bash "$ROOT/scripts/deps.sh" "$3" >"$2.out" 2>&1
}

# 1. no policy-rc.d: ours (exit 101) during the install, none afterwards
r=$(newroot r1)
deps "$r" "$W/l1" build; rc=$?
expect_eq deps-build-exit "$rc" 0
expect_eq deps-own-policy-during "$(grep '^policy' "$W/l1" | awk '{print $1, $3}')" "policy 101"
expect_eq deps-own-policy-removed "$(ls -A "$r/usr/sbin")" ""
inst=$(grep '^apt-get install' "$W/l1")
build=$(bash "$ROOT/scripts/deps.sh" list-build)
expect_eq deps-build-asks-build-pkgs "$(echo "$inst" | tr ' ' '\n' | grep -v -- '^-' | tail -n +3 | sort | tr '\n' ' ')" \
	"$(echo $build | tr ' ' '\n' | sort | tr '\n' ' ')"
bad=""; for p in qemu-system-x86 dnsmasq nginx-light isc-dhcp-server kea-dhcp4-server clang valgrind; do
	case " $inst " in *" $p "*) bad="$bad $p" ;; esac; done
expect_eq deps-build-no-servers "$bad" ""
expect_eq deps-debsrc-own-file "$(sed -n 1p "$r/etc/apt/sources.list.d/winpe-deb-src.sources")" "Types: deb-src"
expect_eq deps-debsrc-original-kept "$(sha256sum <"$r/etc/apt/sources.list.d/debian.sources" | cut -c1-16)" \
	"$(printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\n' | sha256sum | cut -c1-16)"

# 2. an existing policy-rc.d (the admin's, allowing starts) survives byte-exact
#    and is the one apt-get ran under
r=$(newroot r2)
printf '#!/bin/sh\n# the admin own policy\nexit 0\n' >"$r/usr/sbin/policy-rc.d"; chmod 0750 "$r/usr/sbin/policy-rc.d"
before=$(sha256sum <"$r/usr/sbin/policy-rc.d" | cut -c1-16)
deps "$r" "$W/l2" test; rc=$?
expect_eq deps-test-exit "$rc" 0
expect_eq deps-existing-policy-used "$(grep '^policy' "$W/l2")" "policy $before 0"
expect_eq deps-existing-policy-kept "$(sha256sum <"$r/usr/sbin/policy-rc.d" | cut -c1-16) $(stat -c %a "$r/usr/sbin/policy-rc.d")" "$before 750"
inst=$(grep '^apt-get install' "$W/l2")
miss=""; for p in $(bash "$ROOT/scripts/deps.sh" list-test) $build; do
	case " $inst " in *" $p "*) ;; *) miss="$miss $p" ;; esac; done
expect_eq deps-test-asks-all "$miss" ""
case " $inst " in *" groff-base "*) pass deps-test-groff ;; *) fail deps-test-groff "groff-base not in the test packages" ;; esac

# 3. apt-get fails: deps.sh fails, and ours is removed all the same
r=$(newroot r3)
FAKE_APT_RC=100 deps "$r" "$W/l3" build; rc=$?
expect_eq deps-apt-fails-exit "$rc" 100
expect_eq deps-apt-fails-policy-removed "$(ls -A "$r/usr/sbin")" ""

# 4. a deb-src entry present: no file added, no update
r=$(newroot r4)
printf 'Types: deb deb-src\n' >"$r/etc/apt/sources.list.d/debian.sources"
deps "$r" "$W/l4" build
expect_eq deps-debsrc-present "$(ls "$r/etc/apt/sources.list.d")" "debian.sources"
[ "$T_FAILED" -eq 0 ]
