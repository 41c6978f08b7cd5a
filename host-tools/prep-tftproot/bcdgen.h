/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bcdgen.h - generate BIOS and UEFI BCD stores for RAM-disk boot of a WIM,
 * and inspect an existing store (hivex).
 */
#ifndef PT_BCDGEN_H
#define PT_BCDGEN_H
#include <stddef.h>
#include <stdint.h>

/* Well-known and fixed object GUIDs used by the generated store. */
#define BCD_GUID_BOOTMGR  "{9dea862c-5cdd-4e70-acc1-f32b344d4795}"
#define BCD_GUID_RAMDISK  "{ae5534e0-a924-466c-b836-758539a3ee3a}" /* {ramdiskoptions} */
#define BCD_GUID_LOADER   "{7619dcc9-fafe-11d9-b411-000476eba25f}" /* as on install media */

/* What to generate. */
struct bcd_model {
	int uefi;                 /* 0: winload.exe store; 1: winload.efi + isolatedcontext */
	const char *description;  /* loader description, e.g. "Windows PE (win10-x64)" */
	const char *locale;       /* "en-US" */
	const char *wim_path;     /* "\\sources\\boot.wim" */
	const char *sdi_path;     /* "\\boot\\boot.sdi" */
	uint64_t timeout;         /* boot manager timeout, seconds */
	uint64_t tftp_blocksize;  /* 0: element omitted */
	uint64_t tftp_windowsize; /* 0: element omitted */
};

/* Facts read back from a store. */
struct bcd_info {
	int has_bootmgr;          /* {bootmgr} object present */
	char default_guid[39];    /* {bootmgr} default element, "" if none */
	char loader_path[128];    /* default object's 12000002 path */
	char ramdisk_path[128];   /* ramdisk path of the default object's device, "" if none */
	char sdi_path[128];       /* ramdisksdipath of its options object */
	int uefi;                 /* 1 when the loader path ends in .efi */
};

/* Fill a model with the defaults for a BIOS (uefi=0) or UEFI (uefi=1) store. */
void bcd_model_default(struct bcd_model *m, int uefi, const char *description);
/* Build the empty regf hive the generator starts from; returns a malloc'd
 * buffer of *len bytes, or NULL. */
uint8_t *bcd_empty_hive(size_t *len);
/* Generate the store described by m into out_path.  0 on success; on
 * failure -1 with a message in err. */
int bcd_generate(const char *out_path, const struct bcd_model *m, char *err, size_t errcap);
/* Read a store and fill info; 0 when it is a usable boot store (bootmgr
 * object with a default whose device is a ramdisk), -1 with err otherwise. */
int bcd_inspect(const char *path, struct bcd_info *info, char *err, size_t errcap);

#endif
