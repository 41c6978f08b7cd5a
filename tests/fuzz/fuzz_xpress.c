/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_xpress.c - libFuzzer target for xpress_decompress (WIM chunk) and
 * xca_decompress (multi-block stream, measured then decoded into an exactly
 * sized buffer; both passes must agree).  Byte 0 selects the mode, bytes 1-2
 * the WIM output length.
 */
#include "decomp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One fuzz input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *out;
	size_t n = 0, got = 0;

	if (size < 3)
		return 0;
	if (data[0] & 1) {
		size_t out_len = (size_t)(data[1] | data[2] << 8) + 1;
		out = malloc(out_len);
		if (out)
			xpress_decompress(data + 3, size - 3, out, out_len);
		free(out);
		return 0;
	}
	if (xca_decompress(data + 3, size - 3, NULL, 0, &n) || n > (64u << 20))
		return 0;
	out = malloc(n ? n : 1);
	if (!out)
		return 0;
	if (xca_decompress(data + 3, size - 3, out, n, &got) || got != n)
		__builtin_trap();	/* measure and decode disagree */
	free(out);
	return 0;
}
