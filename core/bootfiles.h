/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bootfiles.h - complete a file set the way a user of wimboot expects: the
 * boot manager from bootmgr.exe, else unpacked from the `bootmgr` container,
 * else extracted from boot.wim; BCD, boot.sdi (and for UEFI boot.stl) from
 * \Windows\Boot\DVD\... of the WIM when the user gave none, and the four
 * boot fonts of \Windows\Boot\Fonts when the user gave no *.ttf at all.
 */
#ifndef WP_BOOTFILES_H
#define WP_BOOTFILES_H
#include "layout.h"

/* How bootfiles_complete() sees and grows the caller's file set. */
struct bootfiles_ops {
	/* the bytes of the file whose disk name (or its basename) matches, or NULL */
	const uint8_t *(*get)(void *ctx, const char *name, uint64_t *size);
	/* the last *.wim of the set, or NULL */
	const uint8_t *(*wim)(void *ctx, uint64_t *size, const char **name);
	/* add a file (takes ownership of malloc'd data) */
	int (*add)(void *ctx, const char *name, uint8_t *data, uint64_t size);
	/* report a file that is missing but not needed to start the boot manager */
	void (*warn)(void *ctx, const char *msg);
	void *ctx;
	/* does any file of the set end in ext (".ttf", any case)? */
	bool (*has_ext)(void *ctx, const char *ext);
};

/*
 * Add what is missing; index selects the WIM image (0 = its boot index).
 * Fails only when no boot manager can be found; a missing BCD or boot.sdi is
 * reported through warn() (the boot manager itself then says what it lacks,
 * as with wimboot).
 */
int bootfiles_complete(enum layout_fw fw, unsigned index,
		       const struct bootfiles_ops *ops, struct wp_err *err);

#endif
