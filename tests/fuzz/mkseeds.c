/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mkseeds.c - write starting corpora for the codec fuzz targets into DIR:
 * DIR/fuzz_lzx (wimlib LZX chunks), DIR/fuzz_xpress (wimlib XPRESS chunks and
 * enc_xca streams), DIR/fuzz_lznt1 (enc_lznt1 streams), DIR/fuzz_bootmgr
 * (small synthetic containers' payload regions).  Inputs carry each
 * target's header bytes (see tests/fuzz/fuzz_*.c).
 */
#include <stdio.h>
#include <sys/stat.h>
#include <wimlib.h>
#include "testdata.h"
#include "enc_lznt1.c"
#include "enc_xca.c"

/* Write hdr (hn bytes) + d (n bytes) as DIR/target/seed-k. */
static void seed(const char *dir, const char *target, int k, const uint8_t *hdr, size_t hn,
		 const uint8_t *d, size_t n)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, target);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/seed-%d", dir, target, k);
	f = fopen(path, "wb");
	if (!f)
		return;
	fwrite(hdr, 1, hn, f);
	fwrite(d, 1, n, f);
	fclose(f);
}

int main(int argc, char **argv)
{
	static uint8_t d[65536], z[200000];
	struct wimlib_compressor *c;
	int k;

	if (argc != 2)
		return 2;
	mkdir(argv[1], 0755);
	for (k = 0; k < TD_NKINDS; k++) {
		size_t n = 2000 + 3000 * (size_t)k, zn;
		uint8_t h[3];

		td_fill(d, n, (enum td_kind)k, (uint32_t)k);
		/* LZX, window 32 KiB: out_len = (h1 | h2 << 8) % 32768 + 1 = n */
		h[0] = 0;
		h[1] = (uint8_t)(n - 1);
		h[2] = (uint8_t)((n - 1) >> 8);
		if (!wimlib_create_compressor(WIMLIB_COMPRESSION_TYPE_LZX, 32768, 50, &c)) {
			zn = wimlib_compress(d, n, z, sizeof(z), c);
			if (zn)
				seed(argv[1], "fuzz_lzx", k, h, 3, z, zn);
			wimlib_free_compressor(c);
		}
		h[0] = 1;
		if (!wimlib_create_compressor(WIMLIB_COMPRESSION_TYPE_XPRESS, 65536, 50, &c)) {
			zn = wimlib_compress(d, n, z, sizeof(z), c);
			if (zn)
				seed(argv[1], "fuzz_xpress", k, h, 3, z, zn);
			wimlib_free_compressor(c);
		}
		h[0] = 0;
		zn = enc_xca(d, n, z, sizeof(z), 0);
		seed(argv[1], "fuzz_xpress", 10 + k, h, 3, z, zn);
		zn = enc_lznt1(d, n, z);
		seed(argv[1], "fuzz_lznt1", k, NULL, 0, z, zn);
		d[0] = 'M';
		d[1] = 'Z';
		zn = enc_lznt1(d, n, z);
		seed(argv[1], "fuzz_bootmgr", k, NULL, 0, z, zn);
		memset(z, 0, 16);
		zn = enc_xca(d, n < 4000 ? 4000 : n, z + 16, sizeof(z) - 16, 0);
		seed(argv[1], "fuzz_bootmgr", 10 + k, NULL, 0, z, zn + 16);
	}
	return 0;
}
