/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_lzms.c - throughput of core/lzms.c against wimlib_decompress() on the
 * same LZMS chunks (compressed by wimlib).  For each data set and chunk size
 * it prints MB/s of both and the ratio ours/wimlib, after checking that both
 * outputs equal the input.
 *
 * Usage: bench_lzms [total_MiB]   (default 64; data sets: text, x86, mix)
 */
#include "decomp.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wimlib.h>

/* Deterministic xorshift64* generator. */
static uint64_t rs = 0x243F6A8885A308D3ull;
static uint32_t rnd(void)
{
	rs ^= rs >> 12;
	rs ^= rs << 25;
	rs ^= rs >> 27;
	return (uint32_t)((rs * 0x2545F4914F6CDD1Dull) >> 32);
}

/* Text-like data from a vocabulary with some random numbers. */
static void gen_text(uint8_t *p, size_t n)
{
	static const char *w[] = { "the ", "boot ", "loader ", "Windows ", "image ",
				   "resource ", "chunk ", "compression ", "offset ", "\n",
				   "<FILE NAME=\"", "\"/>", "System32\\", ".dll", "0x" };
	size_t i = 0;
	while (i < n) {
		const char *s = w[rnd() % 15];
		if (rnd() % 8 == 0) {
			char num[16];
			int k, l = snprintf(num, sizeof(num), "%u ", rnd() % 100000);
			for (k = 0; k < l && i < n; k++)
				p[i++] = (uint8_t)num[k];
			continue;
		}
		while (*s && i < n)
			p[i++] = (uint8_t)*s++;
	}
}

/* x86-64-like code: calls/loads to a few targets amid filler bytes. */
static void gen_x86(uint8_t *p, size_t n)
{
	uint32_t f[256];
	size_t i = 0, k;
	for (k = 0; k < 256; k++)
		f[k] = rnd() % (uint32_t)n;
	while (i + 8 < n) {
		uint32_t r = rnd() % 8, v;
		if (r < 2) {
			p[i] = 0xE8;
			v = f[rnd() % 256] - (uint32_t)(i + 5);
			memcpy(p + i + 1, &v, 4);
			i += 5;
		} else if (r == 2) {
			p[i] = 0x48;
			p[i + 1] = 0x8D;
			p[i + 2] = 0x05;
			v = f[rnd() % 256] - (uint32_t)(i + 7);
			memcpy(p + i + 3, &v, 4);
			i += 7;
		} else {
			static const uint8_t fil[] = { 0x55, 0x48, 0x89, 0xE5, 0x31, 0xC0,
						       0xC3, 0x90, 0x83, 0xEC, 0x10, 0x5D };
			k = rnd() % 9;
			memcpy(p + i, fil + k, 3);
			i += 3;
		}
	}
	while (i < n)
		p[i++] = 0xCC;
}

/* Strided records, runs and random blocks interleaved with text and code. */
static void gen_mix(uint8_t *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t len = 4096 + rnd() % 200000, k;
		if (len > n - i)
			len = n - i;
		switch (rnd() % 5) {
		case 0: gen_text(p + i, len); break;
		case 1: gen_x86(p + i, len); break;
		case 2:
			for (k = 0; k < len; k++)
				p[i + k] = k < 12 ? (uint8_t)rnd()
						  : (uint8_t)(p[i + k - 12] + (k % 4 == 0));
			break;
		case 3:
			for (k = 0; k < len; k++)
				p[i + k] = (uint8_t)rnd();
			break;
		default:
			memset(p + i, (int)(rnd() & 0xff), len);
		}
		i += len;
	}
}

/* Monotonic seconds. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Compress total bytes as chunks, time both decoders (best of reps). */
static int bench(const char *name, void (*gen)(uint8_t *, size_t), size_t total,
		 size_t chunk)
{
	uint8_t *data = malloc(total), *out = malloc(chunk);
	size_t nchunks = (total + chunk - 1) / chunk, k, ctotal = 0;
	uint8_t **cs = calloc(nchunks, sizeof(*cs));
	size_t *cl = calloc(nchunks, sizeof(*cl));
	struct wimlib_compressor *c = NULL;
	struct wimlib_decompressor *d = NULL;
	double best_ours = 1e30, best_wim = 1e30;
	int rep, reps = total >= (256u << 20) ? 1 : 3, bad = 0;

	if (!data || !out || !cs || !cl ||
	    wimlib_create_compressor(WIMLIB_COMPRESSION_TYPE_LZMS, chunk, 50, &c) ||
	    wimlib_create_decompressor(WIMLIB_COMPRESSION_TYPE_LZMS, chunk, &d)) {
		fprintf(stderr, "bench_lzms: setup failed\n");
		return 1;
	}
	gen(data, total);
	for (k = 0; k < nchunks; k++) {
		size_t n = k + 1 < nchunks ? chunk : total - k * chunk;
		cs[k] = malloc(n);
		cl[k] = cs[k] ? wimlib_compress(data + k * chunk, n, cs[k], n, c) : 0;
		ctotal += cl[k] ? cl[k] : n;
	}
	wimlib_free_compressor(c);
	for (rep = 0; rep < reps; rep++) {
		double t0 = now(), t1, t2;
		for (k = 0; k < nchunks; k++) {
			size_t n = k + 1 < nchunks ? chunk : total - k * chunk;
			if (!cl[k])
				continue;
			if (lzms_decompress(cs[k], cl[k], out, n) != 0 ||
			    memcmp(out, data + k * chunk, n) != 0)
				bad = 1;
		}
		t1 = now();
		for (k = 0; k < nchunks; k++) {
			size_t n = k + 1 < nchunks ? chunk : total - k * chunk;
			if (!cl[k])
				continue;
			if (wimlib_decompress(cs[k], cl[k], out, n, d) != 0 ||
			    memcmp(out, data + k * chunk, n) != 0)
				bad = 1;
		}
		t2 = now();
		if (t1 - t0 < best_ours)
			best_ours = t1 - t0;
		if (t2 - t1 < best_wim)
			best_wim = t2 - t1;
	}
	printf("%-5s %6zu KiB chunks, %4zu MiB -> %5.1f%%: ours %7.1f MB/s, wimlib %7.1f MB/s, "
	       "ratio ours/wimlib %.2f%s\n",
	       name, chunk >> 10, total >> 20, 100.0 * ctotal / total, total / best_ours / 1e6,
	       total / best_wim / 1e6, best_wim / best_ours, bad ? "  MISMATCH" : "");
	fflush(stdout);
	wimlib_free_decompressor(d);
	for (k = 0; k < nchunks; k++)
		free(cs[k]);
	free(cs);
	free(cl);
	free(data);
	free(out);
	return bad;
}

/* Entry point: text/x86/mix at 1 MiB chunks, mix as one 64 MiB solid chunk. */
int main(int argc, char **argv)
{
	size_t total = (size_t)(argc > 1 ? atoi(argv[1]) : 64) << 20;
	int bad = 0;

	bad |= bench("text", gen_text, total / 4, 1 << 20);
	bad |= bench("x86", gen_x86, total / 4, 1 << 20);
	bad |= bench("mix", gen_mix, total / 4, 32 << 10);
	bad |= bench("mix", gen_mix, total / 4, 1 << 20);
	bad |= bench("mix", gen_mix, total, total);
	return bad;
}
