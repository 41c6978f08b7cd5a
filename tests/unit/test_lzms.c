/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_lzms.c - core/lzms.c against wimlib's LZMS compressor (libwim).
 *
 * Generated data (random, runs, text, x86-like code, strided records, mixes)
 * of several sizes is compressed by wimlib at several chunk sizes and must
 * decompress with ours to the exact input bytes.  Truncated and bit-flipped
 * chunks must be handled cleanly (an error, or at worst other bytes).
 * LZMS_TEST_BIG=1 in the environment adds more 8 MiB / 64 MiB cases.
 */
#include "harness.h"
#include "decomp.h"
#include <wimlib.h>

/* Deterministic xorshift64* generator for the data generators. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545F4914F6CDD1Dull) >> 32);
}

/* Uniformly random bytes (incompressible). */
static void gen_random(uint8_t *p, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		p[i] = (uint8_t)rnd();
}

/* Long runs of a few byte values. */
static void gen_runs(uint8_t *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t run = 1 + rnd() % 5000;
		uint8_t b = (uint8_t)(rnd() % 4 * 0x41);
		while (run-- && i < n)
			p[i++] = b;
	}
}

/* English-like text from a small vocabulary. */
static void gen_text(uint8_t *p, size_t n)
{
	static const char *words[] = {
		"the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog",
		"Windows", "PE", "boot", "loader", "syslinux", "compression",
		"resource", "chunk", "solid", "offset", "delta", "match", "literal",
		"\n", ", ", ". ", "range", "coder", "Huffman", "x86", "filter",
	};
	size_t i = 0;
	while (i < n) {
		const char *w = words[rnd() % (sizeof(words) / sizeof(words[0]))];
		while (*w && i < n)
			p[i++] = (uint8_t)*w++;
		if (i < n)
			p[i++] = ' ';
	}
}

/* Put a little-endian 32-bit value, clipped at the buffer end. */
static void put32c(uint8_t *p, size_t i, size_t n, uint32_t v)
{
	int k;
	for (k = 0; k < 4 && i + k < n; k++)
		p[i + k] = (uint8_t)(v >> (8 * k));
}

/*
 * x86-64-like code: calls and jumps to a small set of functions, RIP-relative
 * loads/lea/lock add/indirect calls to a small set of globals, filler
 * instructions, and E8/E9/FF/48 bytes in odd places.
 */
static void gen_x86(uint8_t *p, size_t n)
{
	static const uint8_t filler[][4] = {
		{ 0x55, 0, 0, 1 }, { 0x48, 0x89, 0xE5, 3 }, { 0x31, 0xC0, 0, 2 },
		{ 0xC3, 0, 0, 1 }, { 0x90, 0, 0, 1 }, { 0x48, 0x83, 0xEC, 3 },
		{ 0x5D, 0, 0, 1 }, { 0x89, 0xC7, 0, 2 },
	};
	uint32_t funcs[64], globals[32];
	size_t i = 0, k;

	for (k = 0; k < 64; k++)
		funcs[k] = rnd() % (uint32_t)(n + 1);
	for (k = 0; k < 32; k++)
		globals[k] = (uint32_t)n + rnd() % 65536;
	while (i < n) {
		uint32_t r = rnd() % 16, tgt;
		switch (r) {
		case 0: case 1: case 2: case 3: /* call rel32 */
			tgt = funcs[rnd() % 64];
			p[i] = 0xE8;
			put32c(p, i + 1, n, tgt - (uint32_t)(i + 5));
			i += 5;
			break;
		case 4: /* jmp rel32 */
			p[i] = 0xE9;
			put32c(p, i + 1, n, funcs[rnd() % 64] - (uint32_t)(i + 5));
			i += 5;
			break;
		case 5: /* mov rax, [rip+x] / mov rcx, [rip+x] */
			if (i + 3 <= n) {
				p[i] = 0x48; p[i + 1] = 0x8B; p[i + 2] = rnd() & 1 ? 0x05 : 0x0D;
			}
			put32c(p, i + 3, n, globals[rnd() % 32] - (uint32_t)(i + 7));
			i += 7;
			break;
		case 6: /* lea r, [rip+x] */
			if (i + 3 <= n) {
				p[i] = rnd() & 1 ? 0x48 : 0x4C; p[i + 1] = 0x8D;
				p[i + 2] = (uint8_t)(0x05 | (rnd() % 8) << 3);
			}
			put32c(p, i + 3, n, globals[rnd() % 32] - (uint32_t)(i + 7));
			i += 7;
			break;
		case 7: /* lock add [rip+x], imm8 */
			if (i + 3 <= n) {
				p[i] = 0xF0; p[i + 1] = 0x83; p[i + 2] = 0x05;
			}
			put32c(p, i + 3, n, globals[rnd() % 32] - (uint32_t)(i + 8));
			i += 7;
			if (i < n)
				p[i++] = 1;
			break;
		case 8: /* call [rip+x] */
			if (i + 2 <= n) {
				p[i] = 0xFF; p[i + 1] = 0x15;
			}
			put32c(p, i + 2, n, globals[rnd() % 32] - (uint32_t)(i + 6));
			i += 6;
			break;
		case 9: /* stray opcode-like bytes */
			p[i++] = (uint8_t)(0xE8 + rnd() % 2);
			if (i < n)
				p[i++] = (uint8_t)rnd();
			break;
		default: {
			const uint8_t *f = filler[rnd() % 8];
			for (k = 0; k < f[3] && i < n; k++)
				p[i++] = f[k];
		}
		}
	}
}

/*
 * Records with strided structure: rows of 16/24/32-bit samples that change by
 * small steps from the previous record (good for delta matches).
 */
static void gen_stride(uint8_t *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t stride = (size_t)(2 + rnd() % 7) * 4 + (rnd() & 1) * 2;
		size_t cnt = 200 + rnd() % 2000, k;
		uint32_t step = rnd() % 7;
		for (k = 0; k < stride && i < n; k++, i++)
			p[i] = (uint8_t)rnd();
		for (k = 0; k < cnt * stride && i < n; k++, i++)
			p[i] = (uint8_t)(p[i - stride] + (k % 4 == 0 ? step : 0) +
					 (rnd() % 64 == 0));
	}
}

/* A mix of all generators in pieces of varied length. */
static void gen_mix(uint8_t *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t len = 1 + rnd() % 300000;
		if (len > n - i)
			len = n - i;
		switch (rnd() % 5) {
		case 0: gen_random(p + i, len); break;
		case 1: gen_runs(p + i, len); break;
		case 2: gen_text(p + i, len); break;
		case 3: gen_x86(p + i, len); break;
		default: gen_stride(p + i, len); break;
		}
		i += len;
	}
}

struct gen {
	const char *name;
	void (*fn)(uint8_t *, size_t);
};
static const struct gen gens[] = {
	{ "random", gen_random }, { "runs", gen_runs }, { "text", gen_text },
	{ "x86", gen_x86 },       { "stride", gen_stride }, { "mix", gen_mix },
};
#define NGENS (sizeof(gens) / sizeof(gens[0]))

#define CSLACK 4096
static struct wimlib_compressor *comp;
static size_t comp_chunk;

/* (Re)create the wimlib compressor for a chunk size and level. */
static int use_compressor(size_t chunk, unsigned level)
{
	static unsigned comp_level;
	if (comp && comp_chunk == chunk && comp_level == level)
		return 0;
	if (comp)
		wimlib_free_compressor(comp);
	comp = NULL;
	if (wimlib_create_compressor(WIMLIB_COMPRESSION_TYPE_LZMS, chunk, level, &comp))
		return -1;
	comp_chunk = chunk;
	comp_level = level;
	return 0;
}

/*
 * Compress data[0..n) with wimlib; returns the compressed size in *cn (0 when
 * it did not fit).  cbuf holds n + CSLACK bytes, so even incompressible data
 * gets a real (expanded) LZMS stream to decode.
 */
static int wim_compress(const uint8_t *data, size_t n, uint8_t *cbuf, size_t *cn)
{
	*cn = wimlib_compress(data, n, cbuf, n + CSLACK, comp);
	return 0;
}

/* Round-trip one buffer: wimlib compresses, ours must give the same bytes. */
static int roundtrip(const char *what, const uint8_t *data, size_t n, size_t *stored)
{
	uint8_t *c = malloc(n + CSLACK), *o = malloc(n + 1);
	size_t cn = 0;
	int h_bad = 0, rc;

	if (!c || !o) {
		printf("  %s: out of memory\n", what);
		free(c);
		free(o);
		return 1;
	}
	wim_compress(data, n, c, &cn);
	if (stored)
		*stored = cn;
	if (cn == 0) {
		/* wimlib refuses tiny inputs and (at 1 MiB+) random data */
		free(c);
		free(o);
		return 0;
	}
	o[n] = 0xA5;
	rc = lzms_decompress(c, cn, o, n);
	if (rc != 0) {
		printf("  %s: n=%zu cn=%zu: lzms_decompress returned %d\n", what, n, cn, rc);
		h_bad = 1;
	} else if (memcmp(o, data, n) != 0) {
		size_t k = 0;
		while (o[k] == data[k])
			k++;
		printf("  %s: n=%zu cn=%zu: first difference at byte %zu\n", what, n, cn, k);
		h_bad = 1;
	} else if (o[n] != 0xA5) {
		printf("  %s: wrote past out_len\n", what);
		h_bad = 1;
	}
	free(c);
	free(o);
	return h_bad;
}

/* Every generator, sizes 1, 2, 3, small, chunk-1 and chunk, for one chunk size. */
static int check_chunk_size(size_t chunk, unsigned level)
{
	size_t sizes[] = { 1, 2, 3, 17, 18, 100, 1000, 4097, chunk - 1, chunk };
	size_t si, g, decoded = 0, expanded = 0, refused = 0;
	int h_bad = 0;
	uint8_t *data = malloc(chunk);

	if (!data || use_compressor(chunk, level)) {
		printf("  setup failed for chunk %zu\n", chunk);
		free(data);
		return 1;
	}
	for (g = 0; g < NGENS; g++) {
		for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
			char what[96];
			size_t n = sizes[si], cn;
			if (n > chunk)
				continue;
			gens[g].fn(data, n);
			snprintf(what, sizeof(what), "%s/%zu/chunk %zu", gens[g].name, n, chunk);
			h_bad += roundtrip(what, data, n, &cn);
			if (cn)
				decoded++;
			else
				refused++;
			if (cn >= n)
				expanded++;
		}
	}
	printf("  chunk %zu: %zu chunks decoded (%zu not smaller than the input), "
	       "%zu refused by wimlib's compressor\n", chunk, decoded, expanded, refused);
	EXPECT(decoded >= 40, "only %zu chunks compressed", decoded);
	free(data);
	return h_bad;
}

/* Chunk sizes 32 KiB and 64 KiB, every generator and size. */
static int test_small_chunks(void)
{
	return check_chunk_size(32768, 50) + check_chunk_size(65536, 50);
}

/* 1 MiB chunks, every generator and size. */
static int test_1m_chunks(void)
{
	return check_chunk_size(1 << 20, 50);
}

/* One chunk per generator at 8 MiB (x86, stride, mix), then 64 MiB of mix. */
static int test_big_chunks(void)
{
	size_t n8 = 8 << 20, n64 = 64 << 20;
	uint8_t *data = malloc(n64);
	int h_bad = 0;
	const char *big = getenv("LZMS_TEST_BIG");

	if (!data)
		return 1;
	if (use_compressor(n8, 20) == 0) {
		gen_mix(data, n8);
		h_bad += roundtrip("mix/8M", data, n8, NULL);
		gen_x86(data, n8 - 1);
		h_bad += roundtrip("x86/8M-1", data, n8 - 1, NULL);
		if (big) {
			size_t g;
			for (g = 0; g < NGENS; g++) {
				gens[g].fn(data, n8);
				h_bad += roundtrip(gens[g].name, data, n8, NULL);
			}
		}
	} else {
		h_bad++;
	}
	if (use_compressor(n64, big ? 50 : 10) == 0) {
		gen_mix(data, n64);
		h_bad += roundtrip("mix/64M", data, n64, NULL);
	} else {
		h_bad++;
	}
	wimlib_free_compressor(comp);
	comp = NULL;
	free(data);
	return h_bad;
}

/*
 * Malformed chunks: truncations and single/multiple bit flips of valid
 * chunks.  Every call must return (no crash, no hang: ASan/valgrind/fuzz
 * runs catch the rest); a truncated chunk must never decode to the original.
 */
static int test_malformed(void)
{
	size_t n = 65536, cn, t, i;
	uint8_t *data = malloc(n), *c = malloc(n), *m = malloc(n), *o = malloc(n);
	unsigned errs = 0, runs = 0, same = 0;
	int h_bad = 0;
	if (!data || !c || !m || !o || use_compressor(n, 50))
		return 1;
	for (t = 0; t < NGENS; t++) {
		if (gens[t].fn == gen_random)
			continue;
		gens[t].fn(data, n);
		cn = wimlib_compress(data, n, c, n, comp);
		if (!cn)
			continue;
		/* truncations: drop words from the end or keep a prefix */
		for (i = 2; i < cn; i += (i < 64 ? 2 : cn / 16 + 2)) {
			size_t k = cn - i;
			int rc;
			memcpy(m, c, k);
			rc = lzms_decompress(m, k, o, n);
			runs++;
			if (rc != 0)
				errs++;
			else if (memcmp(o, data, n) == 0)
				same++;
			EXPECT(rc == 0 || rc == WP_EFORMAT, "rc %d", rc);
		}
		/* bit flips */
		for (i = 0; i < 300; i++) {
			int rc, f, nf = 1 + (int)(rnd() % 3);
			memcpy(m, c, cn);
			for (f = 0; f < nf; f++) {
				size_t bit = rnd() % (cn * 8);
				m[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			}
			rc = lzms_decompress(m, cn, o, n);
			runs++;
			if (rc != 0)
				errs++;
			EXPECT(rc == 0 || rc == WP_EFORMAT, "rc %d", rc);
		}
		/* odd and tiny lengths */
		EXPECT(lzms_decompress(c, cn - 1, o, n) == WP_EFORMAT, "odd length accepted");
		EXPECT(lzms_decompress(c, 2, o, n) == WP_EFORMAT, "2-byte input accepted");
		EXPECT(lzms_decompress(c, 0, o, n) == WP_EFORMAT, "empty input accepted");
	}
	printf("  %u malformed inputs: %u rejected, %u decoded to other bytes, %u to the original\n",
	       runs, errs, runs - errs - same, same);
	EXPECT(same == 0, "a truncated chunk decoded to the original bytes");
	EXPECT(errs > runs / 2, "fewer than half of the malformed inputs were rejected");
	free(data);
	free(c);
	free(m);
	free(o);
	return h_bad;
}

/* Garbage inputs of many lengths into many output sizes: must not crash. */
static int test_garbage(void)
{
	uint8_t in[4096], *o = malloc(1 << 20);
	unsigned i, errs = 0;
	int h_bad = 0;

	if (!o)
		return 1;
	for (i = 0; i < 2000; i++) {
		size_t il = (rnd() % 2048) * 2, ol = 1 + rnd() % (1 << (1 + i % 20));
		int rc;
		gen_random(in, il);
		rc = lzms_decompress(in, il, o, ol);
		if (rc)
			errs++;
		EXPECT(rc == 0 || rc == WP_EFORMAT, "rc %d", rc);
	}
	printf("  2000 garbage inputs: %u rejected\n", errs);
	free(o);
	return h_bad;
}

/* Our output agrees with wimlib's own decompressor on a handful of chunks. */
static int test_vs_wimlib_decoder(void)
{
	size_t n = 1 << 20, cn, g;
	uint8_t *data = malloc(n), *c = malloc(n), *o1 = malloc(n), *o2 = malloc(n);
	struct wimlib_decompressor *d = NULL;
	int h_bad = 0;

	if (!data || !c || !o1 || !o2 || use_compressor(n, 50) ||
	    wimlib_create_decompressor(WIMLIB_COMPRESSION_TYPE_LZMS, n, &d))
		return 1;
	for (g = 0; g < NGENS; g++) {
		gens[g].fn(data, n);
		cn = wimlib_compress(data, n, c, n, comp);
		if (!cn)
			continue;
		EXPECT(wimlib_decompress(c, cn, o1, n, d) == 0, "wimlib failed");
		EXPECT(lzms_decompress(c, cn, o2, n) == 0, "ours failed");
		EXPECT(memcmp(o1, o2, n) == 0, "%s: outputs differ", gens[g].name);
	}
	wimlib_free_decompressor(d);
	free(data);
	free(c);
	free(o1);
	free(o2);
	return h_bad;
}

/* Argument checks: zero output, NULL pointers, oversized output. */
static int test_args(void)
{
	uint8_t in[8] = { 0 }, out[4];
	int h_bad = 0;
	EXPECT(lzms_decompress(in, 8, out, 0) == 0, "empty output");
	EXPECT(lzms_decompress(NULL, 8, out, 4) == WP_EINVAL, "NULL in");
	EXPECT(lzms_decompress(in, 8, NULL, 4) == WP_EINVAL, "NULL out");
	EXPECT(lzms_decompress(in, 8, out, ((size_t)1 << 30) + 1) == WP_EUNSUPP, "huge out");
	return h_bad;
}

/* Entry point: every check prints PASS/FAIL. */
int main(void)
{
	RUN(test_args);
	RUN(test_small_chunks);
	RUN(test_1m_chunks);
	RUN(test_vs_wimlib_decoder);
	RUN(test_malformed);
	RUN(test_garbage);
	RUN(test_big_chunks);
	if (comp)
		wimlib_free_compressor(comp);
	return H_DONE();
}
