/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_codecs.c - decode throughput of our decompressors against wimlib's
 * own (wimlib_decompress) on the same wimlib-compressed chunks, in one run.
 * Prints MB/s of uncompressed output for both and the ratio ours/wimlib.
 *
 * The codecs are a table: a new decompressor is one more row.
 *
 * Usage: bench_codecs [MiB of test data, default 8]
 */
#include <stdio.h>
#include <time.h>
#include <wimlib.h>
#include "decomp.h"
#include "testdata.h"

/* Our WIM chunk decoder signature (window = chunk size). */
typedef int (*ours_fn)(const void *in, size_t in_len, void *out, size_t out_len, uint32_t chunk);

/* Adapters from the decomp.h prototypes to ours_fn. */
static int run_lzx(const void *in, size_t n, void *out, size_t o, uint32_t c)
{
	return lzx_decompress(in, n, out, o, c);
}
static int run_xpress(const void *in, size_t n, void *out, size_t o, uint32_t c)
{
	return xpress_decompress(in, n, out, o);
}
static int run_lzms(const void *in, size_t n, void *out, size_t o, uint32_t c)
{
	return lzms_decompress(in, n, out, o);
}

/* The benchmark table: one row per codec and chunk size. */
static const struct bench_row {
	const char *name;
	enum wimlib_compression_type type;
	uint32_t chunk;
	ours_fn ours;
	bool (*available)(void);
} rows[] = {
	{ "LZX 32K", WIMLIB_COMPRESSION_TYPE_LZX, 32768, run_lzx, NULL },
	{ "LZX 1M", WIMLIB_COMPRESSION_TYPE_LZX, 1u << 20, run_lzx, NULL },
	{ "XPRESS 4K", WIMLIB_COMPRESSION_TYPE_XPRESS, 4096, run_xpress, NULL },
	{ "XPRESS 64K", WIMLIB_COMPRESSION_TYPE_XPRESS, 65536, run_xpress, NULL },
	{ "LZMS 1M", WIMLIB_COMPRESSION_TYPE_LZMS, 1u << 20, run_lzms, NULL },
};

/* Seconds on the monotonic clock. */
static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct chunk { uint8_t *z; size_t zn, n; };

/* Time to decode all chunks once (ours if wl == NULL), best of 3 runs. */
static double time_decode(const struct bench_row *r, struct chunk *ch, size_t nch, uint8_t *out,
			  struct wimlib_decompressor *wl, int *err)
{
	double best = 1e9;
	int rep;

	for (rep = 0; rep < 3; rep++) {
		double t0 = now(), t;
		size_t i;
		for (i = 0; i < nch; i++) {
			int rc = wl ? wimlib_decompress(ch[i].z, ch[i].zn, out, ch[i].n, wl)
				    : r->ours(ch[i].z, ch[i].zn, out, ch[i].n, r->chunk);
			if (rc)
				*err = 1;
		}
		t = now() - t0;
		if (t < best)
			best = t;
	}
	return best;
}

int main(int argc, char **argv)
{
	size_t total = (size_t)(argc > 1 ? atoi(argv[1]) : 8) << 20, off;
	uint8_t *data = malloc(total), *out;
	unsigned ri;

	/* a WIM-like mix: code with E8 calls, text, runs, some incompressible parts */
	for (off = 0; off < total; off += 65536) {
		static const enum td_kind mix[8] = { TD_X86, TD_X86, TD_TEXT, TD_MIXED,
						     TD_X86, TD_RUNS, TD_TEXT, TD_RANDOM };
		td_fill(data + off, total - off < 65536 ? total - off : 65536,
			mix[(off >> 16) % 8], (uint32_t)(off >> 16));
	}
	out = malloc(2u << 20);
	printf("%-12s %8s %10s %10s %8s\n", "codec", "ratio%", "ours MB/s", "wimlib MB/s",
	       "ours/wl");
	for (ri = 0; ri < sizeof(rows) / sizeof(rows[0]); ri++) {
		const struct bench_row *r = &rows[ri];
		struct wimlib_compressor *cmp;
		struct wimlib_decompressor *dec;
		struct chunk *ch;
		size_t nch = (total + r->chunk - 1) / r->chunk, i, zsum = 0;
		double to, tw;
		int err = 0, verr = 0;

		if (wimlib_create_compressor(r->type, r->chunk, 50, &cmp) ||
		    wimlib_create_decompressor(r->type, r->chunk, &dec)) {
			printf("%-12s (skipped: wimlib has no codec for this chunk size)\n", r->name);
			continue;
		}
		ch = calloc(nch, sizeof(*ch));
		for (i = 0; i < nch; i++) {
			size_t n = total - i * r->chunk < r->chunk ? total - i * r->chunk : r->chunk;
			ch[i].n = n;
			ch[i].z = malloc(n);
			ch[i].zn = wimlib_compress(data + i * r->chunk, n, ch[i].z, n - 1, cmp);
			if (!ch[i].zn) {	/* stored raw in a WIM: not a decode case */
				free(ch[i].z);
				ch[i].z = NULL;
			}
		}
		/* keep only compressed chunks; verify ours once */
		{
			size_t k = 0;
			for (i = 0; i < nch; i++) {
				if (!ch[i].z)
					continue;
				if (r->ours(ch[i].z, ch[i].zn, out, ch[i].n, r->chunk) ||
				    memcmp(out, data + i * r->chunk, ch[i].n))
					verr = 1;
				zsum += ch[i].zn;
				ch[k++] = ch[i];
			}
			nch = k;
		}
		{
			size_t nsum = 0;
			for (i = 0; i < nch; i++)
				nsum += ch[i].n;
			/* interleave ours and wimlib, keep the best of each (noisy hosts) */
			to = tw = 1e9;
			for (i = 0; i < 3; i++) {
				double a = time_decode(r, ch, nch, out, NULL, &err);
				double w = time_decode(r, ch, nch, out, dec, &err);
				to = a < to ? a : to;
				tw = w < tw ? w : tw;
			}
			printf("%-12s %7.1f%% %10.1f %10.1f %7.2fx%s\n", r->name,
			       nsum ? 100.0 * zsum / nsum : 0.0, nsum / to / 1e6, nsum / tw / 1e6,
			       tw / to, verr || err ? "  (DECODE ERRORS)" : "");
		}
		for (i = 0; i < nch; i++)
			free(ch[i].z);
		free(ch);
		wimlib_free_compressor(cmp);
		wimlib_free_decompressor(dec);
	}
	free(data);
	free(out);
	return 0;
}
