/* SPDX-License-Identifier: GPL-2.0-or-later */
/* crc32.c - the CRC-32 of UEFI table headers, for validating found tables. */
#include "fw.h"

/* Bitwise reflected CRC-32 (polynomial 0xEDB88320): small, only a few KiB hashed. */
uint32_t efi_crc32(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t c = 0xFFFFFFFFu;
	int k;

	while (len--) {
		c ^= *p++;
		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xEDB88320u & -(c & 1));
	}
	return ~c;
}
