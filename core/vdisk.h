/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vdisk.h - the virtual disk the boot manager reads: an MBR and one FAT32
 * partition, synthesised sector by sector from a table of files.
 *
 * Two halves:
 *  - vdisk_build() (allocates, runs inside the module or on the host) lays the
 *    disk out and produces ONE position-independent, self-contained blob;
 *  - vdisk_read() serves any (LBA, count) from that blob.  It uses only
 *    memcpy/memset, no allocation and no pointers inside the blob, so the BIOS
 *    resident runtime can serve INT 13h from a copy of the blob after syslinux
 *    is gone.
 *
 * File contents are described by extents.  An extent is backed by memory at a
 * (physical == virtual in the modules) address, by zeros, or by a callback
 * (host and UEFI only: e.g. decompress-on-read from a WIM).
 */
#ifndef WP_VDISK_H
#define WP_VDISK_H
#include "wp.h"

#define VDISK_SECTOR 512u
#define VDISK_ADDR_ZERO     UINT64_MAX        /* extent reads as zeros */
#define VDISK_ADDR_CALLBACK (UINT64_MAX - 1)  /* extent read via vdisk_io */

struct vdisk_extent {
	uint64_t off;  /* offset in the file */
	uint64_t len;
	uint64_t addr; /* memory address of byte `off`, or VDISK_ADDR_* */
};

struct vdisk_file {
	/*
	 * UTF-8 name.  A bare name ("boot.wim") appears in every standard
	 * directory (root, \boot, \sources, \boot\fonts, \boot\resources,
	 * \efi, \efi\boot, \efi\microsoft, \efi\microsoft\boot, ...).  A path
	 * ("\sources\x.wim", '\' or '/') puts the file exactly there, creating
	 * the directories.
	 */
	const char *path;
	uint64_t size;                  /* < 4 GiB */
	const struct vdisk_extent *ext; /* cover [0, size) in ascending order */
	unsigned n_ext;
};

/*
 * How callback extents are read: file index in the build order.  mem (may be
 * NULL) reads memory-backed extents instead of memcpy: the BIOS resident
 * uses it to reach file data above 4 GiB through PAE paging.  Without it an
 * extent beyond the address space reads as an error, never truncated.
 */
struct vdisk_io {
	int (*read)(void *ctx, unsigned file, uint64_t off, void *buf, size_t len);
	void *ctx;
	int (*mem)(void *ctx, uint64_t addr, void *buf, size_t len);
};

struct vdisk; /* the packed blob; opaque */

/* Lay out the disk; *out is one malloc'd blob of vdisk_size(*out) bytes. */
int vdisk_build(struct vdisk **out, const struct vdisk_file *files,
		unsigned n_files, struct wp_err *err);
size_t vdisk_size(const struct vdisk *vd);
/*
 * Give every memory-backed extent the address map(addr) (zero and callback
 * extents are kept): the layout stays, only where the bytes lie changes
 * (the BIOS hand-off moves file data after the disk was laid out).
 */
void vdisk_relocate(struct vdisk *vd, uint64_t (*map)(void *ctx, uint64_t addr), void *ctx);
uint64_t vdisk_sectors(const struct vdisk *vd);
uint32_t vdisk_mbr_signature(const struct vdisk *vd);
uint32_t vdisk_part_start(const struct vdisk *vd);   /* partition LBA */
uint32_t vdisk_part_sectors(const struct vdisk *vd);

/* Read count sectors at lba into buf.  io may be NULL if no callback extents. */
int vdisk_read(const struct vdisk *vd, uint64_t lba, uint32_t count, void *buf,
	       const struct vdisk_io *io);

#endif
