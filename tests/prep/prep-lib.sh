# SPDX-License-Identifier: GPL-2.0-or-later
# prep-lib.sh - shared helpers of the prep-tftproot shell tests (sourced).
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
. "$ROOT/tests/lib.sh"
PT=$B/bin/prep-tftproot
MK="bash $ROOT/tests/prep/mkmedia.sh"
if [ ! -x "$PT" ]; then
	fail prep-binary "build/bin/prep-tftproot missing: run make all"
	exit 1
fi

# tree_ok NAME LIVE: every file of LIVE is in its manifest with the right
# sha256 and size, and the manifest lists nothing else.
tree_ok() {
	local n=$1 d=$2
	[ -f "$d/manifest" ] || { fail "$n" "no manifest in $d"; return 1; }
	local want got
	want=$(grep -v '^#' "$d/manifest" | awk '{print $6}' | sort)
	got=$(cd "$d" && find . -type f ! -name manifest -printf '%P\n' | sort)
	if [ "$want" != "$got" ]; then fail "$n" "file list differs from the manifest"; return 1; fi
	if ! (cd "$d" && grep -v '^#' manifest | awk '{print $2"  "$6}' | sha256sum -c --quiet >/dev/null 2>&1); then
		fail "$n" "sha256 mismatch"; return 1
	fi
	if ! (cd "$d" && grep -v '^#' manifest | while read -r _ h _ s _ p; do
		[ "$(stat -c %s "$p")" = "$s" ] || exit 1; done); then
		fail "$n" "size mismatch"; return 1
	fi
	pass "$n"
}

# snapshot DIR: a listing of every path with type, size and content hash
snapshot() {
	(cd "$1" && find . -mindepth 1 -printf '%y %s %P\n' | sort &&
		find . -type f -print0 | sort -z | xargs -0 -r sha256sum)
}
