/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fw.h - reaching the UEFI firmware from an efi64 COM32 module.
 *
 * Debian's binary syslinux.efi keeps boot services running while a module
 * runs but exports neither the system table nor its image handle
 * (uefi-boot.md B.2), so the module finds both itself:
 *   - the system table through the EFI_SYSTEM_TABLE_POINTER the firmware
 *     places on a 4 MiB boundary (B.3), with a scan of syslinux.efi's own
 *     image and the .bss past its end for a pointer to a valid table as
 *     the fallback;
 *   - syslinux.efi's image handle: the LoadedImage whose ImageBase is the PE
 *     image that contains syslinux's exported `firmware` symbol (B.4).
 */
#ifndef WINPE_EFI_FW_H
#define WINPE_EFI_FW_H
#include <efi.h>
#include "wp.h"

struct efi_fw {
	EFI_SYSTEM_TABLE *st;
	EFI_BOOT_SERVICES *bs;
	EFI_HANDLE image;       /* syslinux.efi's image handle: our parent */
	const uint8_t *self;    /* syslinux.efi's PE image in memory */
	uint32_t self_size;     /* its SizeOfImage */
	const char *how;        /* "pointer" or "image-scan": how ST was found */
};

/* CRC-32 as UEFI table headers use it (the zlib polynomial). */
uint32_t efi_crc32(const void *data, size_t len);

/* Locate syslinux.efi's PE image from the address of its `firmware` symbol. */
int efi_find_self(struct efi_fw *fw, struct wp_err *err);
/* Locate and validate the system table (needs efi_find_self for the fallback);
 * image_only skips the pointer scan (APPEND systab=image). */
int efi_find_systab(struct efi_fw *fw, bool image_only, struct wp_err *err);
/* Does st look like a live system table (signature, CRC on a copy, BS)? */
bool efi_systab_valid(uint64_t st);
/* Find syslinux.efi's image handle (needs st and self). */
int efi_find_image_handle(struct efi_fw *fw, struct wp_err *err);
/* All three, in order: fills *fw or fails with a message. */
int efi_fw_init(struct efi_fw *fw, bool image_only, struct wp_err *err);
/* The memory map (memmap.c): a malloc'd copy, *size bytes of *dsize-byte
 * descriptors; NULL when it cannot be read. */
uint8_t *efi_memory_map(EFI_BOOT_SERVICES *bs, UINTN *size, UINTN *dsize);
/* The firmware winpe_fw_start() found (module/winpe.h), or NULL if it did not. */
const struct efi_fw *efi_fw(void);

/* The card syslinux.efi booted through (pxenic.c): the started IPv4 PXE
 * base code, its handle and the address and mask DHCP gave it. */
struct efi_pxe_nic {
	EFI_PXE_BASE_CODE_MODE *mode;
	EFI_HANDLE handle;
	uint32_t me, mask;      /* network byte order, as the mode holds them */
};
/* Bytes of device path dp before its End node; 0 when malformed. */
size_t efi_dp_len(const EFI_DEVICE_PATH *dp);
/* Fill *nic from the started IPv4 PXE base code; -1 when there is none. */
int efi_pxe_nic(EFI_BOOT_SERVICES *bs, struct efi_pxe_nic *nic);
/* The boot server DHCP named (a proxy offer first); 0 when none. */
uint32_t efi_pxe_boot_server(const struct efi_pxe_nic *nic);
/* The gateway towards server in *gw when it is off-subnet; false when direct. */
bool efi_pxe_gateway(const struct efi_pxe_nic *nic, uint32_t server, EFI_IPv4_ADDRESS *gw);
/* The handle with service binding sb_guid on that card (the first one
 * when none matches its device path); NULL when no handle has it. */
EFI_HANDLE efi_nic_binding(EFI_BOOT_SERVICES *bs, const struct efi_pxe_nic *nic, EFI_GUID *sb_guid);

#endif
