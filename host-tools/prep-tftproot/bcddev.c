/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bcddev.c - BCD device element encoders: the 88-byte "boot" device and the
 * ramdisk=[boot]\path,{options} block-I/O device, laid out as in Microsoft's
 * own install-media stores (all fields fixed-width little-endian).
 */
#include "bcddev.h"
#include <stdio.h>
#include <string.h>

/* Store a u32 little-endian. */
static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

/* Load a u32 little-endian. */
static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Value of one hex digit, -1 if not hex. */
static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* Parse a textual GUID into Windows byte order. */
int bcd_guid_parse(const char *s, uint8_t out[16])
{
	uint8_t raw[16];
	int n = 0, braced = (*s == '{');
	if (braced) s++;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-') return -1;
			continue;
		}
		int h = hexval(s[i]), l;
		if (h < 0) return -1;
		i++;
		l = hexval(s[i]);
		if (l < 0 || i == 8 || i == 13 || i == 18 || i == 23) return -1;
		raw[n++] = (uint8_t)(h << 4 | l);
	}
	if (braced ? (s[36] != '}' || s[37]) : s[36] != 0) return -1;
	/* Data1 (4), Data2 (2), Data3 (2) little-endian; Data4 as written */
	out[0] = raw[3]; out[1] = raw[2]; out[2] = raw[1]; out[3] = raw[0];
	out[4] = raw[5]; out[5] = raw[4]; out[6] = raw[7]; out[7] = raw[6];
	memcpy(out + 8, raw + 8, 8);
	return 0;
}

/* Format Windows-order GUID bytes as "{...}". */
void bcd_guid_format(const uint8_t g[16], char out[39])
{
	snprintf(out, 39,
		 "{%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
		 g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11],
		 g[12], g[13], g[14], g[15]);
}

/* Write a "boot" device descriptor (type 5, size 0x48) at p (0x48 bytes). */
static void boot_descriptor(uint8_t *p)
{
	memset(p, 0, 0x48);
	put32(p + 0x00, 5);    /* device type: boot */
	put32(p + 0x04, 0);    /* flags */
	put32(p + 0x08, 0x48); /* descriptor size */
}

/* The 88-byte boot device: no options GUID, then the boot descriptor. */
void bcd_dev_boot(uint8_t out[BCD_BOOTDEV_LEN])
{
	memset(out, 0, BCD_BOOTDEV_LEN);
	boot_descriptor(out + 0x10);
}

/* Element size: 0x8C header + UTF-16LE path + NUL. */
size_t bcd_dev_ramdisk_len(const char *path)
{
	return 0x8C + 2 * (strlen(path) + 1);
}

/* Encode the ramdisk device element (see bcddev.h). */
size_t bcd_dev_ramdisk(uint8_t *out, const uint8_t options_guid[16], const char *path)
{
	size_t n = strlen(path), total = bcd_dev_ramdisk_len(path);
	if (n == 0 || total > 0xFFFFFFFFu) return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)path[i] >= 0x80 || path[i] == 0) return 0;
	memset(out, 0, total);
	memcpy(out, options_guid, 16);
	put32(out + 0x10, 0);                      /* device type: block I/O */
	put32(out + 0x14, 1);
	put32(out + 0x18, (uint32_t)(total - 0x10));
	put32(out + 0x1C, 0);
	put32(out + 0x20, 3);                      /* block-I/O type: RAM disk */
	put32(out + 0x38, 1);
	put32(out + 0x3C, (uint32_t)(total - 0x38));
	put32(out + 0x40, 5);
	boot_descriptor(out + 0x44);               /* parent: [boot] */
	for (size_t i = 0; i <= n; i++) {
		out[0x8C + 2 * i] = (uint8_t)path[i];
		out[0x8C + 2 * i + 1] = 0;
	}
	return total;
}

/* Decode a [boot] ramdisk element; rejects anything with other layouts. */
int bcd_dev_ramdisk_parse(const uint8_t *blob, size_t len, uint8_t guid[16], char *path,
			  size_t pathcap)
{
	if (len < 0x8E || (len & 1) || pathcap == 0) return -1;
	if (get32(blob + 0x10) != 0 || get32(blob + 0x18) != len - 0x10 ||
	    get32(blob + 0x20) != 3 || get32(blob + 0x3C) != len - 0x38 ||
	    get32(blob + 0x44) != 5 || get32(blob + 0x4C) != 0x48)
		return -1;
	memcpy(guid, blob, 16);
	size_t n = (len - 0x8C) / 2, i;
	for (i = 0; i < n && i + 1 < pathcap; i++) {
		uint16_t c = (uint16_t)(blob[0x8C + 2 * i] | blob[0x8D + 2 * i] << 8);
		if (c == 0) break;
		if (c >= 0x80) return -1;
		path[i] = (char)c;
	}
	path[i] = 0;
	return 0;
}
