/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bcddev.h - byte encoders for BCD device elements (format 1) and GUIDs.
 * Pure functions, no library dependencies: unit-tested in tests/unit/test_bcddev.c.
 */
#ifndef PT_BCDDEV_H
#define PT_BCDDEV_H
#include <stddef.h>
#include <stdint.h>

#define BCD_BOOTDEV_LEN 88 /* "boot" device element */

/* Parse "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}" (braces optional) into the
 * 16-byte Windows byte order (Data1-3 little-endian).  0 on success, -1 bad. */
int bcd_guid_parse(const char *s, uint8_t out[16]);
/* Format 16 Windows-order bytes as "{guid}" (39 bytes incl. NUL) in lower case. */
void bcd_guid_format(const uint8_t g[16], char out[39]);

/* The 88-byte "boot" device (ramdisksdidevice, memdiag device). */
void bcd_dev_boot(uint8_t out[BCD_BOOTDEV_LEN]);
/* Size of a ramdisk=[boot]PATH,{options} element for an ASCII path. */
size_t bcd_dev_ramdisk_len(const char *path);
/* Encode ramdisk=[boot]PATH,{options}; out must hold bcd_dev_ramdisk_len(path)
 * bytes.  Returns the length written, 0 when the path is empty or not ASCII. */
size_t bcd_dev_ramdisk(uint8_t *out, const uint8_t options_guid[16], const char *path);
/* Decode a ramdisk element back: options GUID and path (ASCII).  0 on
 * success, -1 when the blob is not a [boot] ramdisk device. */
int bcd_dev_ramdisk_parse(const uint8_t *blob, size_t len, uint8_t guid[16], char *path,
			  size_t pathcap);

#endif
