/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe.h - the synthetic boot manager used by the UEFI tests in place of
 * bootmgfw.efi: it reads every file of the virtual disk twice (raw BlockIo
 * sectors parsed as MBR + FAT32 by itself, and the firmware's own FAT driver
 * through SimpleFileSystem), hashes them with SHA-256 and prints
 * machine-readable lines on COM1, then exits QEMU through isa-debug-exit.
 */
#ifndef PROBE_H
#define PROBE_H
#include <efi.h>
#include <efilib.h>
#include "sha256.h"

#define PROBE_MAX_FILES 512
#define PROBE_PATH 256

struct probe_rec {
	char path[PROBE_PATH];
	uint64_t size;
	uint8_t hash[SHA256_DIGEST_SIZE];
};

struct probe_list {
	struct probe_rec *r;
	unsigned n;
};

/* Global state of one run. */
extern EFI_BOOT_SERVICES *pbs;
extern EFI_HANDLE pimage;
extern unsigned probe_errors;

/* Machine-readable output on COM1 (printf-like, %s %u %x %llu only). */
void pout(const char *fmt, ...);
/* Note a failure: PROBE ERROR line, counts towards FAIL. */
void perr(const char *fmt, ...);
/* Record a file (path, size, digest) in a list and print its PROBE FILE line. */
void probe_add(struct probe_list *l, const char *path, uint64_t size,
	       const uint8_t *hash, const char *how);

/* Walk the partition through raw BlockIo sectors (MBR + FAT32 parser). */
int probe_blockio(EFI_HANDLE part, struct probe_list *out);
/* Walk the partition through the firmware FAT driver (SimpleFileSystem). */
int probe_sfs(EFI_HANDLE part, struct probe_list *out);

#endif
