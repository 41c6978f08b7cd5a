/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mk_container.c - test-only builders of synthetic bootmgr containers and
 * synthetic PE stand-ins (never Microsoft bytes).  Layout: a 16-bit "stub"
 * of stub_len pseudo-random bytes whose last 16 bytes are zero, the
 * compressed PE (LZNT1 or XCA via the test encoders), then pad zero bytes.
 * Included by test_bootmgr.c and tests/codecs/mkbootmgr.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "testdata.h"
#include "enc_lznt1.c"
#include "enc_xca.c"

/* A synthetic PE32 stand-in of n >= 512 bytes: MZ header, PE signature, code-like body. */
static void mk_pe(uint8_t *p, size_t n, uint32_t seed)
{
	td_fill(p, n, TD_MIXED, seed);
	memset(p, 0, 512);
	p[0] = 'M';
	p[1] = 'Z';
	p[0x3C] = 0x80;
	memcpy(p + 0x80, "PE\0\0\x4c\x01", 6);
	memcpy(p + 0x100, ".text\0\0\0", 8);
}

/* Build a container; fmt 1 = LZNT1, 2 = XCA.  Returns malloc'd bytes, *len. */
static uint8_t *mk_container(int fmt, const uint8_t *pe, size_t n, size_t stub_len,
			     size_t pad, size_t *len)
{
	size_t cap = stub_len + n + n / 4 + 8192 + pad, zn, i;
	uint8_t *c = malloc(cap);
	uint32_t s = 12345;

	for (i = 0; i < stub_len; i++)
		c[i] = (uint8_t)(td_rand(&s) >> 24);
	memset(c + stub_len - 16, 0, 16);
	if (fmt == 1)
		zn = enc_lznt1(pe, n, c + stub_len);
	else
		zn = enc_xca(pe, n, c + stub_len, cap - stub_len, 0);
	memset(c + stub_len + zn, 0, pad);
	*len = stub_len + zn + pad;
	return c;
}
