/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * huffman.h - canonical Huffman decode tables, shared by the decompressors.
 *
 * Codes are canonical (shorter codes first, ties by symbol number) and read
 * most-significant bit first.  A table is a root of 2^root_bits entries
 * indexed by the next root_bits input bits, followed by subtables for codes
 * longer than root_bits.  Each entry is a uint32_t:
 *
 *   direct entry:   sym << 16 | nbits          (nbits = bits to consume,
 *                                               for subtable entries the
 *                                               bits past the root)
 *   subtable link:  start << 16 | HUFF_SUB | sub_bits
 *   unused code:    HUFF_SUB | HUFF_BAD          (incomplete codes only)
 *
 * Decoding (see huff_decode_slow for the subtable path):
 *   e = t[peek(root_bits)];
 *   if (e & HUFF_SUB) -> slow path, else consume(e & HUFF_LEN), sym = e >> 16
 */
#ifndef WP_HUFFMAN_H
#define WP_HUFFMAN_H
#include "wp.h"

#define HUFF_LEN 0x1fu  /* bits to consume / subtable index bits */
#define HUFF_SUB 0x80u  /* entry is a subtable link (or invalid) */
#define HUFF_BAD 0x40u  /* with HUFF_SUB: no code maps here */

#define HUFF_COMPLETE 0 /* huff_build mode: complete or empty codes only */
#define HUFF_ANY 1      /* huff_build mode: incomplete codes allowed too */

/* Entries a table may need: root + one subtable of the largest size per symbol. */
#define HUFF_TABLE_SIZE(nsyms, root_bits, max_len) \
	((1u << (root_bits)) + (unsigned)(nsyms) * \
	 ((max_len) > (root_bits) ? 1u << ((max_len) - (root_bits)) : 0u))

/*
 * Build a decode table for nsyms symbols whose code lengths (0 = unused) are
 * lens[].  Lengths above max_len (<= 16) or an over-subscribed code fail with
 * WP_EFORMAT.  mode HUFF_COMPLETE accepts only complete codes and the empty
 * code (all lengths 0); HUFF_ANY also accepts incomplete codes.  Unused
 * codewords decode as HUFF_SUB | HUFF_BAD.
 * cap is the number of entries of table (HUFF_TABLE_SIZE always suffices).
 * work must hold nsyms uint16_t.
 */
int huff_build(uint32_t *table, unsigned cap, unsigned root_bits,
	       const uint8_t *lens, unsigned nsyms, unsigned max_len,
	       int mode, uint16_t *work);

#endif
