/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * testdata.h - deterministic test data for the codec tests: random bytes,
 * long runs, text, x86-like code full of 0xE8 call opcodes, and a mix.
 */
#ifndef WP_TESTDATA_H
#define WP_TESTDATA_H
#include <stdint.h>
#include <stddef.h>
#include <string.h>

enum td_kind { TD_RANDOM, TD_RUNS, TD_TEXT, TD_X86, TD_MIXED, TD_NKINDS };
static const char *const td_names[TD_NKINDS] = { "random", "runs", "text", "x86", "mixed" };

/* xorshift32 step: the tests' deterministic random source. */
static inline uint32_t td_rand(uint32_t *s)
{
	uint32_t x = *s ? *s : 0x9e3779b9u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

/* Fill buf[0..n) with data of the given kind, seeded by seed. */
static inline void td_fill(uint8_t *buf, size_t n, enum td_kind kind, uint32_t seed)
{
	static const char *const words[] = {
		"the ", "boot ", "manager ", "loads ", "Windows ", "PE ", "from ",
		"a ", "WIM ", "image ", "over ", "TFTP, ", "and ", "then ",
		"calls ", "winload.\n", "System32 ", "drivers ", "0x", "1234 ",
	};
	size_t i = 0;
	uint32_t s = seed * 2654435761u + 1;

	switch (kind) {
	case TD_RANDOM:
		for (i = 0; i < n; i++)
			buf[i] = (uint8_t)(td_rand(&s) >> 24);
		break;
	case TD_RUNS:
		while (i < n) {
			size_t run = 1 + td_rand(&s) % 3000;
			uint8_t c = (uint8_t)td_rand(&s);
			while (run-- && i < n)
				buf[i++] = c;
		}
		break;
	case TD_TEXT:
		while (i < n) {
			const char *w = words[td_rand(&s) % 20];
			while (*w && i < n)
				buf[i++] = (uint8_t)*w++;
		}
		break;
	case TD_X86:
		/* call rel32 with small/negative targets, mov, push, ret, padding */
		while (i < n) {
			uint32_t r = td_rand(&s), k = r % 8;
			if (k < 3 && n - i >= 5) {
				int32_t rel = (int32_t)(td_rand(&s) % 40000) - 20000;
				if (k == 2)
					rel = (int32_t)(td_rand(&s) % 13000000) - (int32_t)i;
				buf[i++] = 0xE8;
				buf[i++] = (uint8_t)rel;
				buf[i++] = (uint8_t)(rel >> 8);
				buf[i++] = (uint8_t)(rel >> 16);
				buf[i++] = (uint8_t)(rel >> 24);
			} else if (k == 3 && n - i >= 3) {
				buf[i++] = 0x8B;
				buf[i++] = 0x45;
				buf[i++] = (uint8_t)(r >> 8 & 0x3c);
			} else if (k == 4) {
				buf[i++] = 0xE8;	/* a lone E8 as data */
			} else if (k == 5) {
				buf[i++] = 0x55;
			} else if (k == 6) {
				buf[i++] = 0xC3;
			} else {
				buf[i++] = (uint8_t)(r >> 16 & 0x0f) == 0 ? 0xCC : 0x90;
			}
		}
		break;
	default:
		while (i < n) {
			size_t part = 1 + td_rand(&s) % 9000;
			if (part > n - i)
				part = n - i;
			td_fill(buf + i, part, (enum td_kind)(td_rand(&s) % TD_MIXED),
				td_rand(&s));
			i += part;
		}
		break;
	}
}

#endif
