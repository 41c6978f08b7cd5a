/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_lzx.c - libFuzzer target for lzx_decompress.  The first byte picks
 * the window (32 KiB << (b % 7)), the next two the output length; the rest
 * is the compressed chunk.  Output goes to an exactly sized heap buffer so
 * ASan catches any write past out_len.
 */
#include "decomp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One fuzz input. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t window;
	size_t out_len;
	uint8_t *out;

	if (size < 3)
		return 0;
	window = 32768u << (data[0] % 7);
	out_len = (size_t)(data[1] | data[2] << 8) * (window / 32768) % window + 1;
	out = malloc(out_len);
	if (!out)
		return 0;
	lzx_decompress(data + 3, size - 3, out, out_len, window);
	free(out);
	return 0;
}
