/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sbbcd.h - the root \Boot\BCD read by Microsoft's signed boot manager when it
 * is the DHCP boot file (Secure Boot clients): one UEFI loader entry per
 * prepared image, each booting ramdisk=[boot]\windows\NAME\sources\boot.wim
 * with its SDI at \windows\NAME\boot\boot.sdi, both fetched over TFTP.
 */
#ifndef PT_SBBCD_H
#define PT_SBBCD_H
#include <stddef.h>
#include <stdint.h>

#define SBBCD_MAX 64            /* images in one root store */
#define SBBCD_MARK "prep-tftproot" /* Description\Generator of stores we made */

/* One image of the root store. */
struct sbbcd_entry {
	char name[64];          /* windows/NAME */
	char desc[128];         /* boot manager menu text */
};

/* The whole root store. */
struct sbbcd_model {
	struct sbbcd_entry e[SBBCD_MAX];
	int n;
	int def;                /* index of the default entry */
	uint64_t timeout;       /* menu timeout, seconds */
	uint64_t blocksize;     /* ramdisktftpblocksize (0: omitted) */
	uint64_t windowsize;    /* ramdisktftpwindowsize (0: omitted) */
};

/* Loader (which=0) or ramdisk-options (which=1) object GUID of image NAME:
 * stable name-based "{...}" string (39 bytes with NUL). */
void sbbcd_guid(const char *name, int which, char out[39]);
/* Write the store to path (replaced atomically).  0, or -1 with err. */
int sbbcd_write(const char *path, const struct sbbcd_model *m, char *err, size_t errcap);
/* Read the image entries of a store made by sbbcd_write into m->e / m->n
 * (and its TFTP block/window sizes into m->blocksize / m->windowsize).
 * 1 when it is ours, 0 when it is a hive made by someone else, -1 with err
 * when it is not a readable hive. */
int sbbcd_read(const char *path, struct sbbcd_model *m, char *err, size_t errcap);

#endif
