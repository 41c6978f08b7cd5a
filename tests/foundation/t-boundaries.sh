#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-boundaries.sh - the layout rules of HACKING.md, checked on the sources:
# core/ includes only its own headers and a few standard ones; com32/ and efi/
# never include each other's headers; host-tools/ never reach the firmware
# glue; every source file carries an SPDX line.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/tests/lib.sh"
cd "$ROOT" || exit 1

# includes FILE...: "file: header" for every #include
includes() { grep -HoE '^\s*#\s*include\s*[<"][^>"]+[>"]' "$@" | sed -E 's/:\s*#\s*include\s*/: /'; }

bad=$(includes core/*.c core/*.h | grep -vE ': <(stdint|stddef|stdbool|stdarg|string|stdlib|stdio)\.h>$' |
	while IFS=': ' read -r f h; do
		h=${h#\"}; h=${h%\"}
		[ -f "core/$h" ] || echo "$f: $h"
	done)
[ -z "$bad" ] && pass boundary-core-freestanding || fail boundary-core-freestanding "$bad"

efi_h=$(cd efi && ls *.h 2>/dev/null)
com32_h=$(cd com32 && ls *.h resident/*.h 2>/dev/null)
bad=
for h in $efi_h; do bad="$bad$(grep -lE "#\s*include\s*\"([./]*efi/)?$h\"" com32/*.c com32/*.h com32/resident/* module/* 2>/dev/null)"; done
grep -qE 'efi\.h|efilib\.h' com32/*.c com32/*.h module/*.c module/*.h && bad="$bad gnu-efi header"
[ -z "$bad" ] && pass boundary-com32-module-no-efi || fail boundary-com32-module-no-efi "$bad"
bad=
for h in $com32_h; do bad="$bad$(grep -lE "#\s*include\s*\"([./]*com32/)?$h\"" efi/*.c efi/*.h module/* 2>/dev/null)"; done
grep -qE 'syslinux/(bootpm|bootrm)\.h' efi/*.c module/*.c && bad="$bad BIOS shuffle API"
[ -z "$bad" ] && pass boundary-efi-module-no-com32 || fail boundary-efi-module-no-com32 "$bad"

# a quoted include must resolve in the tool's own folder, host-tools/common or core
bad=$(includes host-tools/*/*.c host-tools/*/*.h | while IFS=': ' read -r f h; do
	case $h in \"*) h=${h#\"}; h=${h%\"} ;; *) continue ;; esac
	[ -f "$(dirname "$f")/$h" ] || [ -f "host-tools/common/$h" ] || [ -f "core/$h" ] || echo "$f: $h"
done)
[ -z "$bad" ] && pass boundary-host-tools-no-glue || fail boundary-host-tools-no-glue "$bad"

bad=$(git ls-files '*.c' '*.h' '*.S' '*.sh' '*.mk' '*.py' GNUmakefile | while read -r f; do
	head -n 3 "$f" | grep -q 'SPDX-License-Identifier: GPL-2.0-or-later' || echo "$f"; done)
[ -z "$bad" ] && pass spdx-on-every-source || fail spdx-on-every-source "$(echo $bad)"
exit $((T_FAILED > 0))
