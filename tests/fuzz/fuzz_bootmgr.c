/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_bootmgr.c - libFuzzer target for bootmgr_extract.  The fuzz input is
 * placed after 16 KiB of zeros and followed by 16 KiB of zeros so that the
 * scan window (16 KiB .. len - 16 KiB) covers exactly the fuzzed bytes.
 */
#include "bootmgr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One fuzz input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = size + 2 * 16384, exe_len;
	uint8_t *buf, *exe = NULL;
	struct wp_err err;

	if (size > (1u << 20))
		return 0;
	buf = calloc(1, len);
	if (!buf)
		return 0;
	memcpy(buf + 16384, data, size);
	if (!bootmgr_extract("fuzz", buf, len, &exe, &exe_len, NULL, NULL, &err)) {
		if (exe_len < 2 || exe[0] != 'M' || exe[1] != 'Z')
			__builtin_trap();
		free(exe);
	}
	free(buf);
	return 0;
}
