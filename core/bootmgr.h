/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bootmgr.h - find and unpack the bootmgr.exe embedded (LZNT1 or [MS-XCA]
 * compressed) in the media-root `bootmgr` container.
 */
#ifndef WP_BOOTMGR_H
#define WP_BOOTMGR_H
#include "wp.h"

enum bootmgr_fmt { BOOTMGR_LZNT1 = 1, BOOTMGR_XCA = 2 };

/*
 * Scan data[0..len) (named name in messages) for the compressed bootmgr.exe
 * and decompress it into a malloc'd buffer (*exe, *exe_len; free() it).
 * *fmt and *offset (may be NULL) receive the payload format and offset.
 * WP_ENOENT when no candidate decompresses to a PE ("MZ").
 */
int bootmgr_extract(const char *name, const uint8_t *data, size_t len, uint8_t **exe,
		    size_t *exe_len, enum bootmgr_fmt *fmt, size_t *offset,
		    struct wp_err *err);

#endif
