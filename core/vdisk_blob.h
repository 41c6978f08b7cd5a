/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vdisk_blob.h - the packed, position-independent layout of a virtual disk
 * shared by the builder (vdisk.c) and the reader (vdisk_read.c).  Private to
 * those two files.
 *
 * The blob is one contiguous allocation: this header, then the tables it
 * points at by byte offset (never by pointer).  All fields are native-endian
 * fixed-width integers; producer and consumer are the same build.
 */
#ifndef WP_VDISK_BLOB_H
#define WP_VDISK_BLOB_H
#include "vdisk.h"

#define VDISK_MAGIC 0x4B534456u       /* "VDSK" */
#define VDISK_SPC_SHIFT 6             /* 64 sectors = 32 KiB per cluster */
#define VDISK_SPC (1u << VDISK_SPC_SHIFT)
#define VDISK_CLUSTER (VDISK_SPC * VDISK_SECTOR)
#define VDISK_RUN_DIR 0x80000000u     /* run_what: a directory, else a file */
#define VDISK_FAT_EOC 0x0FFFFFFFu

/* A run of consecutive clusters owned by one directory or file copy. */
struct vdisk_run {
	uint32_t first;   /* first cluster */
	uint32_t count;   /* clusters */
	uint32_t what;    /* VDISK_RUN_DIR | dir index, or file index */
};

/* A file's contents (shared by all its copies). */
struct vdisk_bfile {
	uint32_t size;
	uint32_t ext_first; /* index in the extent table */
	uint32_t n_ext;
};

/* One extent of a file, as given to vdisk_build(). */
struct vdisk_bext {
	uint64_t addr;
	uint32_t off;
	uint32_t len;
};

/* A materialised directory: len bytes at off; the rest of its run is zero. */
struct vdisk_bdir {
	uint32_t off;
	uint32_t len;
};

struct vdisk {
	uint32_t magic;
	uint32_t size;          /* bytes in the blob */
	uint32_t total;         /* sectors on the disk */
	uint32_t part_start;    /* LBA of the VBR */
	uint32_t part_sectors;
	uint32_t fat_start;     /* LBA of the FAT */
	uint32_t fat_sectors;
	uint32_t data_start;    /* LBA of cluster 2 */
	uint32_t n_clusters;    /* data clusters (2 .. n_clusters + 1) */
	uint32_t used_end;      /* clusters below this belong to runs */
	uint32_t mbr_sig;
	uint32_t n_runs, runs_off;
	uint32_t n_files, files_off;
	uint32_t n_ext, ext_off;
	uint32_t n_dirs, dirs_off;
	uint32_t sect_off;      /* MBR, VBR, FSInfo: 3 x 512 bytes */
};

#define VDISK_SECT_MBR 0
#define VDISK_SECT_VBR 1
#define VDISK_SECT_FSINFO 2
#define VDISK_RESERVED 32     /* reserved sectors of the partition */
#define VDISK_BACKUP_VBR 6    /* backup VBR (and FSInfo copy at +1) */

#endif
