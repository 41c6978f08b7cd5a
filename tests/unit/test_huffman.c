/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_huffman.c - core/huffman.c: huff_build's checks (lengths over the
 * limit, over-subscribed and incomplete codes per mode) and its tables: every
 * canonical codeword of random complete and incomplete codes must decode to
 * its symbol and length through the root table and the subtables, and unused
 * codewords must decode as HUFF_SUB | HUFF_BAD.
 */
#include "harness.h"
#include "testdata.h"
#include "huffman.h"

static int h_bad;

/* Deterministic random numbers (testdata.h's xorshift32). */
static uint32_t rs = 0x2545F491u;
static uint32_t rnd(void)
{
	return td_rand(&rs);
}

/* Decode the max_len-bit value v (MSB first) with table t; the entry found. */
static uint32_t decode(const uint32_t *t, unsigned root_bits, unsigned max_len, uint32_t v,
		       unsigned *consumed)
{
	uint32_t e = t[v >> (max_len - root_bits)];

	*consumed = e & HUFF_LEN;
	if ((e & HUFF_SUB) && !(e & HUFF_BAD)) {
		unsigned sb = e & HUFF_LEN;
		uint32_t low = (v >> (max_len - root_bits - sb)) & ((1u << sb) - 1);
		e = t[(e >> 16) + low];
		*consumed = root_bits + (e & HUFF_LEN);
	}
	return e;
}

/* Every codeword of lens[] decodes right; every other value is HUFF_BAD. */
static unsigned check_code(const uint32_t *t, unsigned root_bits, const uint8_t *lens,
			   unsigned nsyms, unsigned max_len)
{
	static uint8_t owner_len[1u << 16];
	static uint16_t owner[1u << 16];
	unsigned cnt[17] = { 0 }, l, s, bad = 0;
	uint32_t next[17], code = 0, v;

	for (s = 0; s < nsyms; s++)
		cnt[lens[s]]++;
	cnt[0] = 0;
	for (l = 1; l <= max_len; l++) {
		code = (code + cnt[l - 1]) << 1;
		next[l] = code;
	}
	memset(owner_len, 0, (size_t)1 << max_len);
	for (s = 0; s < nsyms; s++) {
		uint32_t c, k;
		if (!lens[s])
			continue;
		c = next[lens[s]]++;
		for (k = 0; k < 1u << (max_len - lens[s]); k++) {
			owner[(c << (max_len - lens[s])) | k] = (uint16_t)s;
			owner_len[(c << (max_len - lens[s])) | k] = lens[s];
		}
	}
	for (v = 0; v < 1u << max_len; v++) {
		unsigned used;
		uint32_t e = decode(t, root_bits, max_len, v, &used);
		if (owner_len[v])
			bad += (e & HUFF_SUB) || (e >> 16) != owner[v] || used != owner_len[v];
		else
			bad += (e & (HUFF_SUB | HUFF_BAD)) != (HUFF_SUB | HUFF_BAD);
	}
	return bad;
}

/* Random lengths forming a complete code (or incomplete when drop is set). */
static void random_code(uint8_t *lens, unsigned nsyms, unsigned max_len, int drop)
{
	unsigned i;
	int32_t left;

	for (;;) {
		uint32_t k = 0;
		memset(lens, 0, nsyms);
		/* Kraft sum in units of 2^-max_len; fill to exactly 1 */
		for (i = 0; i < nsyms; i++) {
			unsigned l = 1 + rnd() % max_len;
			if (rnd() % 3 == 0)
				continue;
			if (k + (1u << (max_len - l)) <= (1u << max_len)) {
				lens[i] = (uint8_t)l;
				k += 1u << (max_len - l);
			}
		}
		/* complete it by lengthening nothing: add max_len codes if room */
		left = (int32_t)((1u << max_len) - k);
		for (i = 0; i < nsyms && left > 0; i++) {
			if (!lens[i]) {
				unsigned l = 1;
				while ((1 << (max_len - l)) > left)
					l++;
				lens[i] = (uint8_t)l;
				left -= 1 << (max_len - l);
			}
		}
		if (left == 0)
			break;
	}
	if (drop) {
		for (i = 0; i < nsyms; i++)
			if (lens[i] == max_len || (lens[i] && rnd() % 5 == 0)) {
				lens[i] = 0;
				break;
			}
	}
}

/* Random complete and incomplete codes decode exactly. */
static int test_tables(void)
{
	static uint32_t t[HUFF_TABLE_SIZE(512, 6, 16)];
	static uint8_t lens[512];
	static uint16_t work[512];
	static const unsigned nsyms[] = { 2, 8, 20, 249, 256, 512 };
	unsigned rep, cases = 0;

	h_bad = 0;
	for (rep = 0; rep < 600; rep++) {
		unsigned n = nsyms[rep % 6], max_len = 7 + rep % 10, root = 6 + rep % 6;
		int drop = rep % 3 == 0, rc;
		if (root > max_len)
			root = max_len;
		if (n > (1u << max_len))
			n = 1u << max_len;
		random_code(lens, n, max_len, drop);
		rc = huff_build(t, HUFF_TABLE_SIZE(n, root, max_len), root, lens, n, max_len,
				drop ? HUFF_ANY : HUFF_COMPLETE, work);
		EXPECT(rc == WP_OK, "rep %u: huff_build failed (%d)", rep, rc);
		if (rc == WP_OK)
			EXPECT(!check_code(t, root, lens, n, max_len), "rep %u (n=%u max %u root %u)",
			       rep, n, max_len, root);
		cases++;
	}
	printf("  %u codes decoded exhaustively\n", cases);
	return h_bad;
}

/* Over-long, over-subscribed and incomplete codes are refused as specified. */
static int test_checks(void)
{
	static uint32_t t[HUFF_TABLE_SIZE(300, 10, 16)];
	static uint8_t lens[300];
	static uint16_t work[300];
	unsigned i, pos;

	h_bad = 0;
	/* a length over max_len anywhere (also >= 32, also in the tail) */
	for (pos = 0; pos < 300; pos += 37) {
		static const uint8_t over[] = { 16, 17, 31, 32, 200, 255 };
		for (i = 0; i < sizeof(over); i++) {
			memset(lens, 8, 256);
			memset(lens + 256, 0, 44);
			lens[pos] = over[i];
			EXPECT(huff_build(t, sizeof(t) / 4, 10, lens, 300, 15, HUFF_ANY, work) ==
				       WP_EFORMAT,
			       "length %u at %u accepted", over[i], pos);
		}
	}
	/* exactly max_len is fine: 256 of length 8 is complete */
	memset(lens, 8, 256);
	EXPECT(huff_build(t, sizeof(t) / 4, 8, lens, 256, 8, HUFF_COMPLETE, work) == WP_OK,
	       "complete 8-bit code refused");
	/* over-subscribed */
	memset(lens, 8, 257);
	EXPECT(huff_build(t, sizeof(t) / 4, 8, lens, 257, 8, HUFF_ANY, work) == WP_EFORMAT,
	       "over-subscribed code accepted");
	/* incomplete: only with HUFF_ANY */
	memset(lens, 8, 255);
	EXPECT(huff_build(t, sizeof(t) / 4, 8, lens, 255, 8, HUFF_COMPLETE, work) == WP_EFORMAT,
	       "incomplete code accepted as complete");
	EXPECT(huff_build(t, sizeof(t) / 4, 8, lens, 255, 8, HUFF_ANY, work) == WP_OK,
	       "incomplete code refused with HUFF_ANY");
	/* the empty code is accepted in both modes */
	memset(lens, 0, 300);
	EXPECT(huff_build(t, sizeof(t) / 4, 10, lens, 300, 15, HUFF_COMPLETE, work) == WP_OK,
	       "empty code refused");
	return h_bad;
}

/* Entry point. */
int main(void)
{
	RUN(test_checks);
	RUN(test_tables);
	return H_DONE();
}
