/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fileset.h - the one policy that turns the files a user gives (names as on
 * the APPEND line, data in memory) into the files the boot manager sees.
 * winpe.c32 (both firmwares) and `winpe-disk ls|render` call it, so the host
 * shows exactly the disk the module presents.
 *
 *  1. roles: which file is the boot manager (BIOS bootmgr.exe, else the
 *     bootmgr container; UEFI bootmgfw_EX.efi then bootmgfw.efi), the BCD,
 *     boot.sdi, boot.stl, the WIM (*.wim), the fonts (*.ttf).  A file named
 *     on the APPEND line wins over one from a DIR or the WIM; among equals
 *     the last one given wins.  BCD, boot.sdi and boot.stl count as bare
 *     names or in a boot directory (\boot, \efi\boot, \efi\microsoft\boot,
 *     which the virtual disk shows alike); the others by basename anywhere.
 *  2. completion (fileset_complete): what is missing is taken from the
 *     `bootmgr` container or the WIM (core/bootfiles.c).
 *  3. patching (fileset_patch): unless rawwim, the inject= files and every
 *     file named on the APPEND line that is not a boot file go into a new
 *     boot image of the WIM (core/wimpatch.c), also when only index= asks
 *     for another image; unless rawbcd, the BCD is adapted to the firmware
 *     and the WIM's name (core/bcdpatch.c).
 * Messages go through a callback; the core never prints.
 */
#ifndef WP_FILESET_H
#define WP_FILESET_H
#include "layout.h"
#include "vdisk.h"

#define FILESET_MAX_BOOTMGR 2

enum fileset_role {
	FILESET_OTHER,       /* shown as given (and injected when named by the user) */
	FILESET_BOOTMGR,     /* the BIOS `bootmgr` container */
	FILESET_BOOTMGR_EXE, /* the BIOS boot manager */
	FILESET_BOOTMGFW_EX, /* UEFI boot manager signed by the 2023 CA (tried first) */
	FILESET_BOOTMGFW,    /* UEFI boot manager */
	FILESET_BCD,
	FILESET_SDI,
	FILESET_STL,
	FILESET_WIM,
	FILESET_FONT,
	FILESET_N_ROLES
};

/* One file of the set. */
struct fileset_file {
	char *name;     /* name on the virtual disk: "boot.wim" or "\sources\boot.wim" */
	char *src;      /* where it came from (TFTP path, URL, host path), for messages */
	uint8_t *data;  /* the bytes */
	uint64_t size;
	bool inject;    /* inject=: into the WIM only, not shown on the disk */
	bool user;      /* named on the APPEND line (file=, initrdfile=) */
	bool hidden;    /* memory the disk refers to, not a file of its own */
	bool borrowed;  /* data is not owned by the set (fileset_free leaves it) */
	/*
	 * What the disk shows when it is not simply data[0..size): a patched
	 * WIM made of the original bytes and new buffers (malloc'd, owned; the
	 * addresses point into data of this or other files of the set, hidden
	 * ones included).
	 */
	struct vdisk_extent *ext;
	unsigned n_ext;
	uint64_t data_len; /* with ext: bytes at data (size is what the disk shows) */
};

/* What the policy is asked to do, and where its messages go. */
struct fileset_opts {
	enum layout_fw fw;
	unsigned index;         /* WIM image to boot, 0 = the WIM's boot index */
	bool rawbcd, rawwim;
	/* a message for the user: warning (a problem, not fatal) or a change made */
	void (*say)(void *ctx, bool warning, const char *msg);
	void *ctx;
	/* frees the data of a file the caller put in the set, when the set
	 * replaces it (the patched BCD); NULL: free().  The module's fetched
	 * files may live in firmware memory (fetch_release) */
	void (*release)(void *data);
};

/* The file chosen for each role: indices into the set, -1 when none. */
struct fileset_roles {
	int pick[FILESET_N_ROLES];
	/* the boot managers to try, in order (BIOS: bootmgr.exe only) */
	int bootmgr[FILESET_MAX_BOOTMGR];
	unsigned n_bootmgr;
};

/*
 * Would the two disk names take the same place on the virtual disk (ASCII
 * case and '/' vs '\' aside)?  A bare name is shown in every standard
 * directory, so "bcd" and "\boot\bcd" do.  A DIR's file that would take the
 * place of one named on the APPEND line is not planned (explicit words win).
 */
bool fileset_same_place(const char *a, const char *b);
/* The role a disk name would have (the rule of step 1, without priorities). */
enum fileset_role fileset_role_of(const char *name);
/* Assign the roles over the visible files of the set. */
void fileset_roles(const struct fileset_file *f, unsigned n, enum layout_fw fw,
		   struct fileset_roles *r);
/* Whether fileset_patch() injects this file into the WIM (unless rawwim). */
bool fileset_injects(const struct fileset_file *f);
/*
 * Add what is missing (step 2); the array may be realloc'd.  Fails only
 * when no boot manager can be found or the WIM is damaged; a missing BCD
 * or boot.sdi is a warning (the boot manager then says what it lacks).
 */
int fileset_complete(struct fileset_file **files, unsigned *n, const struct fileset_opts *o,
		     struct wp_err *err);
/*
 * Patch the WIM and the BCD (step 3).  The patched WIM becomes extents over
 * its own bytes, the injected files and new buffers (kept in the set as
 * hidden files); the BCD is replaced by a patched copy.
 */
int fileset_patch(struct fileset_file **files, unsigned *n, const struct fileset_opts *o,
		  struct wp_err *err);
/* Bytes of memory at f->data (the hand-off keeps and moves these). */
static inline uint64_t fileset_data_len(const struct fileset_file *f)
{
	return f->ext ? f->data_len : f->size;
}
/* Build the virtual disk over the visible files (fileset_disk.c). */
int fileset_disk(const struct fileset_file *files, unsigned n_files, struct vdisk **vd,
		 struct wp_err *err);
/*
 * The hand-off moved every file's data to dst[i]: relocate each extent of
 * the disk built over the set with it (also those into other files' data).
 */
void fileset_relocate(struct vdisk *vd, const struct fileset_file *files, unsigned n_files,
		      const uint64_t *dst);
/* Free names, owned data and extents of every file, then the array;
 * fileset_free_with() frees the data with release (NULL: free()). */
void fileset_free_with(struct fileset_file *files, unsigned n, void (*release)(void *data));
void fileset_free(struct fileset_file *files, unsigned n);

#endif
