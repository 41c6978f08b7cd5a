/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_vdisk.c - sequential read throughput of vdisk_read() over a 256 MiB
 * memory-backed file versus plain memcpy() of the same bytes in the same
 * chunks.  Prints both and their ratio (goal >= 0.8).
 */
#define _GNU_SOURCE
#include <time.h>
#include "vdisk.h"
#include "fatwalk.h"

#define FILE_SIZE (256u << 20)
#define CHUNK 128u            /* sectors per call (64 KiB) */
#define PASSES 5

/* Monotonic time in seconds. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Time sequential vdisk_read() against memcpy() and print the ratio. */
int main(void)
{
	uint8_t *src = malloc(FILE_SIZE), *buf = malloc(CHUNK * 512);
	struct vdisk_extent e = { 0, FILE_SIZE, 0 };
	struct vdisk_file f = { "\\sources\\boot.wim", FILE_SIZE, &e, 1 };
	struct wp_err err;
	struct vdisk *vd;
	struct fatwalk w;
	struct fatwalk_ent *ents = NULL;
	unsigned n = 0, i, p;
	uint64_t lba0 = 0, sum = 0;
	double best_v = 1e9, best_m = 1e9;

	if (!src || !buf)
		return 1;
	for (i = 0; i < FILE_SIZE; i++)
		src[i] = (uint8_t)(i * 131 + (i >> 12));
	e.addr = (uintptr_t)src;
	if (vdisk_build(&vd, &f, 1, &err)) {
		fprintf(stderr, "build: %s\n", err.msg);
		return 1;
	}
	/* find the file's first sector through the FAT, like a boot manager */
	if (fatwalk_open(&w, vd, NULL) || fatwalk_readdir(&w, w.root, &ents, &n))
		return 1;
	for (i = 0; i < n; i++)
		if (!strcmp(ents[i].name, "SOURCES")) {
			uint32_t c = ents[i].cluster;
			free(ents);
			if (fatwalk_readdir(&w, c, &ents, &n) || !n)
				return 1;
			lba0 = w.data_start + (uint64_t)(ents[0].cluster - 2) * w.spc;
			break;
		}
	free(ents);
	for (p = 0; p < PASSES; p++) {
		double t = now();
		uint64_t s;

		for (s = 0; s < FILE_SIZE / 512; s += CHUNK) {
			if (vdisk_read(vd, lba0 + s, CHUNK, buf, NULL))
				return 1;
			sum += buf[s & 511];
		}
		t = now() - t;
		if (t < best_v)
			best_v = t;
		if (memcmp(buf, src + FILE_SIZE - CHUNK * 512, CHUNK * 512)) {
			fprintf(stderr, "bench: wrong data\n");
			return 1;
		}
		t = now();
		for (s = 0; s < FILE_SIZE; s += CHUNK * 512) {
			memcpy(buf, src + s, CHUNK * 512);
			__asm__ __volatile__("" : : "r"(buf) : "memory");
			sum += buf[(s >> 9) & 511];
		}
		t = now() - t;
		if (t < best_m)
			best_m = t;
	}
	printf("vdisk_read: %.0f MiB/s, memcpy: %.0f MiB/s, ratio %.2f (goal >= 0.8) [%llu]\n",
	       256 / best_v, 256 / best_m, best_m / best_v, (unsigned long long)(sum & 1));
	free(vd);
	free(src);
	free(buf);
	return 0;
}
