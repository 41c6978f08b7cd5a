#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-wim-refdec.sh - the WIM reader unit tests once more, linked with libwim's
# decoders (tests/wim/refdec.c) instead of ours: the compressed and solid
# cases then check the reader's chunk handling on real compressed data
# whatever the state of our decoders.  Result names end in "-refdec".
source "$(dirname "$0")/../lib.sh"
bin=$B/tests/wim/test_wim_refdec
if [ ! -x "$bin" ]; then
	skip wim-refdec "build/tests/wim/test_wim_refdec not built"
	exit 0
fi
"$bin" | sed -E 's/^(PASS|FAIL|SKIP) ([A-Za-z0-9_]+)/\1 \2-refdec/'
exit "${PIPESTATUS[0]}"
