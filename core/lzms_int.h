/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * lzms_int.h - what the three parts of the LZMS decoder share: the format
 * constants, the adaptive Huffman code and its builder (lzms_huff.c), the
 * x86 filter (lzms_x86.c); the decoder itself is lzms.c.
 */
#ifndef WP_LZMS_INT_H
#define WP_LZMS_INT_H
#include "decomp.h"

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* ---- format constants ------------------------------------------------------- */

#define LZMS_MAX_OUT        (1u << 30)   /* largest chunk we accept */
#define LZMS_MAX_CODE_LEN   15
#define LZMS_NUM_LIT_SYMS   256
#define LZMS_NUM_LEN_SYMS   54
#define LZMS_NUM_POW_SYMS   8
#define LZMS_MAX_OFF_SYMS   799
#define LZMS_PROB_BITS      6            /* probabilities are k/64 */
#define LZMS_X86_WINDOW     65535        /* target re-use window of the filter */
#define LZMS_X86_MAX_TRANS  1023         /* translate this far after x86 evidence */

/* Table bits of the first decode level of each Huffman code. */
#define LIT_TBITS 10
#define OFF_TBITS 10
#define LEN_TBITS 9
#define POW_TBITS 7

#define HUFF_SUB 0x80000000u /* table entry points to a second-level table */

/* One adaptive Huffman code and its two-level decode table. */
struct lzms_huff {
	uint32_t *table;    /* entry: sym << 8 | len, or HUFF_SUB | start << 8 | (15 - tbits) */
	uint32_t *freq;
	unsigned nsyms;     /* alphabet size (>= 1) */
	unsigned tbits;     /* first-level bits */
	unsigned rebuild;   /* symbols between rebuilds */
	unsigned countdown; /* symbols until the next rebuild */
	size_t table_cap;   /* entries allocated in table */
};

/* Scratch space for building a Huffman code (largest alphabet). */
struct lzms_build {
	uint16_t order[LZMS_MAX_OFF_SYMS];  /* symbols by (freq, symbol) */
	uint16_t tmp[LZMS_MAX_OFF_SYMS];
	uint32_t sorted_w[LZMS_MAX_OFF_SYMS + 3]; /* counts in order[] order + sentinels */
	uint32_t node_w[LZMS_MAX_OFF_SYMS + 2]; /* internal node weights + sentinels */
	uint16_t parent[LZMS_MAX_OFF_SYMS]; /* internal node -> parent node */
	uint8_t depth[LZMS_MAX_OFF_SYMS];   /* internal node depth */
	uint8_t lens[LZMS_MAX_OFF_SYMS];    /* symbol -> codeword length */
	uint16_t canon[LZMS_MAX_OFF_SYMS];  /* symbols by (length, symbol) */
	uint16_t nlen[LZMS_MAX_CODE_LEN + 1]; /* symbols of each length */
	unsigned cnt[64 + 1024];            /* radix digit counters */
};

/*
 * Codeword lengths of a code from its symbol counts (into bd->lens, with
 * bd->canon/nlen), exactly as the encoder builds them.
 */
void lzms_huff_lengths(const uint32_t *freq, unsigned n, struct lzms_build *bd);
/* Fill the two-level decode table of h from the lengths in bd. */
void lzms_huff_table(struct lzms_huff *h, struct lzms_build *bd);
/*
 * Undo the encoder's x86 translation of n bytes at d in place; last is
 * 65536 entries of scratch.
 */
void lzms_x86_undo(uint8_t *d, int32_t n, int32_t *last);

#endif
