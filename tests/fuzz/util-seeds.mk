# SPDX-License-Identifier: GPL-2.0-or-later
# Seed corpora for fuzz_pe, fuzz_cmdline, fuzz_manifest, fuzz_staletail and
# fuzz_http (make fuzz-seeds).
.PHONY: fuzz-seeds-util
fuzz-seeds-util: $(B)/tests/unit/test_pe
	bash tests/fuzz/util-seeds.sh $(B)/fuzz/seeds
fuzz-seeds: fuzz-seeds-util
