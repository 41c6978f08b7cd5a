#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-depcheck.sh - mk/depcheck.mk: `make` without the build packages stops
# before compiling with one line naming them and `make deps` (dpkg-query
# replaced by a stand-in that knows no package); without the syslinux com32
# libraries likewise; `make deps`/`clean`/`uninstall` are not held back; with
# everything present `make -n all` goes ahead.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/lib.sh"
W=$(mktemp -d); trap 'rm -rf "$W"; cleanup_pids' EXIT
printf '#!/bin/sh\nexit 1\n' >"$W/dpkg-query"; chmod +x "$W/dpkg-query"
want_pkgs=$(bash "$ROOT/scripts/deps.sh" list-build)

make -C "$ROOT" --no-print-directory all DPKG_QUERY="$W/dpkg-query" >"$W/out" 2>"$W/err"
expect_eq depcheck-exit "$?" 2
expect_eq depcheck-stdout-empty "$(cat "$W/out")" ""
expect_eq depcheck-one-line "$(wc -l <"$W/err")" 1
expect_eq depcheck-message "$(cat "$W/err")" \
	"mk/depcheck.mk:15: *** missing build dependencies: $want_pkgs; run 'make deps' (as root) to install them.  Stop."
# some installed, two missing, one never heard of (dpkg-query then fails): only the two are named
cat >"$W/dpkg-query2" <<'SH'
#!/bin/sh
for p in "$@"; do case $p in -*) ;; nasm|libhivex-dev) ;; *) echo "$p install ok installed" ;; esac; done
echo "dpkg-query: no packages found matching nasm" >&2; exit 1
SH
chmod +x "$W/dpkg-query2"
make -C "$ROOT" --no-print-directory all DPKG_QUERY="$W/dpkg-query2" >/dev/null 2>"$W/err1"
expect_eq depcheck-partial "$(cat "$W/err1")" \
	"mk/depcheck.mk:15: *** missing build dependencies: nasm libhivex-dev; run 'make deps' (as root) to install them.  Stop."
# plain `make` (the default goal) too
make -C "$ROOT" --no-print-directory DPKG_QUERY="$W/dpkg-query" >/dev/null 2>"$W/err2"
grep -q "missing build dependencies: .*run 'make deps'" "$W/err2" && pass depcheck-default-goal || fail depcheck-default-goal "$(cat "$W/err2")"

make -C "$ROOT" --no-print-directory all SYSLINUX_OBJ="$W/nosyslinux" >/dev/null 2>"$W/err3"
expect_eq depcheck-syslinux "$(cat "$W/err3")" \
	"mk/depcheck.mk:20: *** the syslinux com32 libraries are not built in $W/nosyslinux; run 'make deps' (as root) to build them.  Stop."

# goals that install packages, clean or uninstall go ahead (dry runs)
for g in deps deps-test uninstall; do
	make -n -C "$ROOT" --no-print-directory "$g" DPKG_QUERY="$W/dpkg-query" >/dev/null 2>"$W/err4"
	expect_eq "depcheck-not-for-$g" "$?" 0
done
# make deps installs build packages only; check and demo add the test packages first
expect_eq depcheck-deps-build-only "$(make -n -C "$ROOT" --no-print-directory deps 2>/dev/null | grep -c 'scripts/deps.sh')/$(make -n -C "$ROOT" --no-print-directory deps 2>/dev/null | grep -c 'scripts/deps.sh test')" "1/0"
for g in check demo; do
	make -n -C "$ROOT" --no-print-directory "$g" 2>/dev/null | grep -q '^bash scripts/deps.sh test$' &&
		pass "depcheck-$g-needs-deps-test" || fail "depcheck-$g-needs-deps-test" "make -n $g runs no 'scripts/deps.sh test'"
done
make -n -C "$ROOT" --no-print-directory all >/dev/null 2>"$W/err5"
expect_eq depcheck-present "$?:$(cat "$W/err5")" "0:"
[ "$T_FAILED" -eq 0 ]
