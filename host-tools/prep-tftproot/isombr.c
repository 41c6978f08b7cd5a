/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * isombr.c - the ESP as partition 2 of the isohybrid MBR (see isombr.h).
 */
#define _GNU_SOURCE
#include "isombr.h"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Little-endian 32-bit value at p. */
static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Store v little-endian at p. */
static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i));
}

/* Read exactly n bytes at off. 0 or -1. */
static int rd(int fd, void *b, size_t n, uint64_t off)
{
	return pread(fd, b, n, (off_t)off) == (ssize_t)n ? 0 : -1;
}

/* Find the EFI (platform 0xEF) hard-disk-emulation entry of the El Torito
 * catalog; its image's first sector in 2048-byte blocks, or 0. */
static uint32_t efi_image_lba(int fd)
{
	uint8_t vd[2048], cat[2048];
	if (rd(fd, vd, sizeof vd, 17 * 2048)) return 0;
	if (vd[0] != 0 || memcmp(vd + 1, "CD001", 5) || memcmp(vd + 7, "EL TORITO SPECIFICATION", 23)) return 0;
	if (rd(fd, cat, sizeof cat, (uint64_t)le32(vd + 0x47) * 2048)) return 0;
	if (cat[0] != 1 || cat[30] != 0x55 || cat[31] != 0xAA) return 0;
	/* after the validation and default entries: section headers, each
	 * followed by its entries */
	for (size_t o = 64; o + 32 <= sizeof cat;) {
		uint8_t *h = cat + o;
		if (h[0] != 0x90 && h[0] != 0x91) break;
		unsigned n = (unsigned)h[2] | (unsigned)h[3] << 8;
		for (unsigned i = 0; i < n && o + 32 * (i + 2) <= sizeof cat; i++) {
			uint8_t *e = h + 32 * (i + 1);
			if (h[1] == 0xEF && e[0] == 0x88 && (e[1] & 0x0F) == 4) return le32(e + 8);
		}
		if (h[0] == 0x91) break;
		o += 32 * (n + 1);
	}
	return 0;
}

/* Patch (see isombr.h). */
int isombr_add_esp(const char *path, char *err, size_t cap)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, cap, "%s: %s", path, strerror(errno));
		return -1;
	}
	uint8_t mbr[512], in[512];
	uint32_t lba = efi_image_lba(fd);
	int rc = -1;
	if (!lba) snprintf(err, cap, "%s: no El Torito EFI hard-disk image", path);
	else if (rd(fd, mbr, sizeof mbr, 0) || rd(fd, in, sizeof in, (uint64_t)lba * 2048))
		snprintf(err, cap, "%s: %s", path, strerror(errno ? errno : EIO));
	else if (mbr[510] != 0x55 || mbr[511] != 0xAA || in[510] != 0x55 || in[511] != 0xAA)
		snprintf(err, cap, "%s: no isohybrid MBR or no MBR in the EFI image", path);
	else {
		uint8_t *p1 = mbr + 446, *p2 = p1 + 16, *e = in + 446;
		uint32_t fat = lba * 4 + le32(e + 8), n = le32(e + 12);
		if (e[4] != 0xEF || !n || le32(p1 + 8) != 0 || le32(p1 + 12) < fat + n || p2[4] || le32(p2 + 12))
			snprintf(err, cap, "%s: unexpected partition tables (isohybrid 1: %u+%u, EFI image: type %#x)",
				 path, le32(p1 + 8), le32(p1 + 12), e[4]);
		else {
			put32(p1 + 12, fat);
			memset(p2, 0, 16);
			p2[1] = 0xFE, p2[2] = 0xFF, p2[3] = 0xFF; /* CHS: use LBA */
			p2[4] = 0xEF;
			p2[5] = 0xFE, p2[6] = 0xFF, p2[7] = 0xFF;
			put32(p2 + 8, fat);
			put32(p2 + 12, n);
			if (pwrite(fd, mbr, sizeof mbr, 0) != (ssize_t)sizeof mbr)
				snprintf(err, cap, "%s: %s", path, strerror(errno));
			else
				rc = 0;
		}
	}
	close(fd);
	return rc;
}
