/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_wimpatch.c - libFuzzer target of the WIM patcher: the input is a WIM;
 * patch it with three injected files (default directory, a new nested
 * directory, a replacement), then read the whole patched WIM back through
 * the extents, and also the index-only patch.
 */
#include "wimpatch.h"

/* Fuzz entry point. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t a[] = "winpeshl", b[100] = { 1 };
	const struct wimpatch_file f[3] = {
		{ "winpeshl.ini", a, sizeof(a) },
		{ "\\Drivers\\net\\x.sys", b, sizeof(b) },
		{ "/Windows/System32/startnet.cmd", NULL, 0 },
	};
	struct wimpatch p;
	struct wp_err err;
	uint8_t buf[4096];
	uint64_t off;

	if (!wimpatch_build(&p, data, size, "fuzz.wim", 0, f, 3, &err)) {
		for (off = 0; off < p.size; off += sizeof(buf)) {
			size_t n = p.size - off < sizeof(buf) ? (size_t)(p.size - off) : sizeof(buf);
			if (wimpatch_read(&p, off, buf, n))
				__builtin_trap();
		}
		wimpatch_free(&p);
	}
	if (!wimpatch_build(&p, data, size, "fuzz.wim", 1, NULL, 0, &err))
		wimpatch_free(&p);
	return 0;
}
