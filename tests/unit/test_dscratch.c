/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_dscratch.c - core/dscratch.c and the *_ws decoders: a mixed sequence
 * of XPRESS, LZX and LZMS chunks of several sizes (compressed by wimlib)
 * decoded through one shared scratch must give exactly the input bytes and
 * the same results as the per-call decoders; the scratch grows to the
 * largest state only, and a bad chunk in between does not spoil the next.
 */
#include "harness.h"
#include "decomp.h"
#include "testdata.h"
#include <wimlib.h>

static int h_bad;

/* One chunk: its format, size, compressed bytes. */
struct tchunk {
	int fmt;	/* 0 xpress, 1 lzx, 2 lzms */
	size_t n, zn;
	uint32_t window;
	uint8_t *z, *orig;
};

/* Decode one chunk through ws (NULL: per-call state). */
static int decode(const struct tchunk *c, uint8_t *out, struct wp_dscratch *ws)
{
	switch (c->fmt) {
	case 0: return xpress_decompress_ws(c->z, c->zn, out, c->n, ws);
	case 1: return lzx_decompress_ws(c->z, c->zn, out, c->n, c->window, ws);
	default: return lzms_decompress_ws(c->z, c->zn, out, c->n, ws);
	}
}

/* Mixed chunks through one scratch against the input and the plain path. */
static int test_shared_scratch(void)
{
	static const enum wimlib_compression_type types[3] = {
		WIMLIB_COMPRESSION_TYPE_XPRESS, WIMLIB_COMPRESSION_TYPE_LZX,
		WIMLIB_COMPRESSION_TYPE_LZMS
	};
	static const size_t sizes[] = { 32768, 4096, 65536, 1u << 20, 100000 };
	struct tchunk ch[24];
	struct wp_dscratch ws = { NULL, 0 };
	uint8_t *data = malloc(1u << 20), *out = malloc(1u << 20), *out2 = malloc(1u << 20);
	size_t maxsize = 0;
	unsigned i, k, nch = 0, decoded = 0;

	for (i = 0; i < 24; i++) {
		struct wimlib_compressor *cmp;
		struct tchunk *c = &ch[nch];
		size_t chunk = sizes[i % 5];

		c->fmt = (int)(i * 7 % 3);
		if (c->fmt == 0 && chunk > 65536)
			chunk = 65536;
		if (c->fmt == 1 && chunk == 100000)
			chunk = 131072;	/* LZX windows are powers of two */
		if (c->fmt == 1 && chunk < 32768)
			chunk = 32768;	/* ... of at least 32 KiB */
		c->n = chunk - (i % 3) * 1000;
		c->window = (uint32_t)chunk;
		td_fill(data, c->n, (enum td_kind)(1 + i % 4), i);
		if (wimlib_create_compressor(types[c->fmt], chunk, 50, &cmp)) {
			EXPECT(0, "no wimlib compressor for format %d chunk %zu", c->fmt, chunk);
			continue;
		}
		c->z = malloc(c->n);
		c->zn = wimlib_compress(data, c->n, c->z, c->n - 1, cmp);
		wimlib_free_compressor(cmp);
		if (!c->zn) {
			free(c->z);
			continue;
		}
		c->orig = malloc(c->n);
		memcpy(c->orig, data, c->n);
		nch++;
	}
	/* twice around: the second round reuses the grown block */
	for (k = 0; k < 2; k++) {
		for (i = 0; i < nch; i++) {
			struct tchunk *c = &ch[i];
			int rc, rc2;

			rc = decode(c, out, &ws);
			rc2 = decode(c, out2, NULL);
			EXPECT(rc == WP_OK && rc2 == WP_OK, "chunk %u: %d / %d", i, rc, rc2);
			EXPECT(!memcmp(out, c->orig, c->n), "chunk %u: shared scratch: wrong bytes", i);
			EXPECT(!memcmp(out2, c->orig, c->n), "chunk %u: per-call: wrong bytes", i);
			if (ws.size > maxsize)
				maxsize = ws.size;
			decoded++;
			/* a damaged copy in between must fail or differ, not crash */
			if (c->zn > 16) {
				uint8_t save = c->z[c->zn / 2];
				c->z[c->zn / 2] ^= 0x5a;
				(void)decode(c, out2, &ws);
				c->z[c->zn / 2] = save;
			}
		}
	}
	EXPECT(ws.size == maxsize && ws.size < (1u << 20), "scratch size %zu (max seen %zu)",
	       ws.size, maxsize);
	printf("  %u chunk decodes through one scratch of %zu bytes\n", decoded, ws.size);
	wp_dscratch_free(&ws);
	EXPECT(ws.p == NULL && ws.size == 0, "wp_dscratch_free left state");
	for (i = 0; i < nch; i++) {
		free(ch[i].z);
		free(ch[i].orig);
	}
	free(data);
	free(out);
	free(out2);
	return h_bad;
}

/* Entry point. */
int main(void)
{
	RUN(test_shared_scratch);
	return H_DONE();
}
