/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_lzms.c - libFuzzer target for core/lzms.c.
 *
 * Input: 2 bytes choosing the output size (1 .. 65536, biased to small and
 * to interesting boundaries), then the compressed chunk.  The decoder must
 * return 0 or WP_EFORMAT and never touch memory outside in/out (ASan checks
 * the exact-size heap buffers).
 */
#include "decomp.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* libFuzzer entry point: one decode of the fuzzed chunk. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t out_len, in_len;
	uint8_t *in, *out;
	int rc;

	if (size < 2)
		return 0;
	out_len = (size_t)(data[0] | data[1] << 8) + 1;
	if (data[1] & 0x80)
		out_len &= 0x3ff; /* half the cases: small outputs */
	if (out_len == 0)
		out_len = 1;
	in_len = size - 2;
	/* exact-size copies so ASan sees any over-read or over-write */
	in = malloc(in_len ? in_len : 1);
	out = malloc(out_len);
	if (!in || !out)
		abort();
	memcpy(in, data + 2, in_len);
	rc = lzms_decompress(in, in_len, out, out_len);
	if (rc != 0 && rc != WP_EFORMAT)
		abort();
	free(in);
	free(out);
	return 0;
}
