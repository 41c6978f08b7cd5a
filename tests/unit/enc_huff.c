/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * enc_huff.c - test-only Huffman code length builder for the test encoders:
 * plain Huffman on the frequencies, flattened until no length exceeds max.
 * Included by the test encoders (enc_*.c).
 */
#include <stdint.h>
#include <string.h>

/* Code lengths for n <= 1024 symbols with frequencies freq[] (>= 2 used). */
static void enc_huff_lengths(const uint32_t *freq_in, unsigned n, unsigned max, uint8_t *lens)
{
	static uint32_t freq[1024], w[2048];
	static int parent[2048];
	static unsigned char alive[2048];

	memcpy(freq, freq_in, n * sizeof(*freq));
	for (;;) {
		unsigned i, nodes = n, maxl = 0;

		for (i = 0; i < n; i++) {
			w[i] = freq[i];
			alive[i] = freq[i] != 0;
			parent[i] = -1;
		}
		for (;;) {
			int a = -1, b = -1;
			for (i = 0; i < nodes; i++) {
				if (!alive[i])
					continue;
				if (a < 0 || w[i] < w[a]) {
					b = a;
					a = (int)i;
				} else if (b < 0 || w[i] < w[b]) {
					b = (int)i;
				}
			}
			if (b < 0)
				break;
			w[nodes] = w[a] + w[b];
			alive[nodes] = 1;
			parent[nodes] = -1;
			alive[a] = alive[b] = 0;
			parent[a] = parent[b] = (int)nodes;
			nodes++;
		}
		for (i = 0; i < n; i++) {
			unsigned l = 0;
			int p = (int)i;
			if (!freq[i]) {
				lens[i] = 0;
				continue;
			}
			while (parent[p] >= 0) {
				p = parent[p];
				l++;
			}
			lens[i] = (uint8_t)l;
			if (l > maxl)
				maxl = l;
		}
		if (maxl <= max)
			return;
		for (i = 0; i < n; i++)
			if (freq[i])
				freq[i] = (freq[i] >> 1) | 1;
	}
}

/* Canonical codes (MSB-first values) for the lengths lens[0..n). */
static void enc_huff_codes(const uint8_t *lens, unsigned n, uint16_t *codes)
{
	unsigned count[17] = { 0 }, next[18], l, i, code = 0;

	for (i = 0; i < n; i++)
		count[lens[i]]++;
	count[0] = 0;
	for (l = 1; l <= 16; l++) {
		code = (code + count[l - 1]) << 1;
		next[l] = code;
	}
	for (i = 0; i < n; i++)
		if (lens[i])
			codes[i] = (uint16_t)next[lens[i]]++;
}
