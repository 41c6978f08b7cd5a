/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * self.c - syslinux.efi as a UEFI image: its PE image in memory (found from
 * the exported `firmware` symbol) and its image handle (the LoadedImage with
 * that ImageBase), the parent we give LoadImage (uefi-boot.md B.3 step 4, B.4).
 */
#include <syslinux/firmware.h>
#include "fw.h"

#define SELF_WALK_MAX (64u << 20)   /* never walk back further than this */

/* Is there an MZ header at p whose e_lfanew leads to "PE\0\0"? */
static bool pe_at(const uint8_t *p, uint32_t *size_of_image)
{
	uint32_t lfanew;

	if (p[0] != 'M' || p[1] != 'Z')
		return false;
	lfanew = wp_le32(p + 0x3c);
	if (lfanew < 0x40 || lfanew > 4096 - 0x60 || wp_le32(p + lfanew) != 0x00004550)
		return false;
	if (wp_le16(p + lfanew + 24) != 0x20b)   /* PE32+ optional header */
		return false;
	*size_of_image = wp_le32(p + lfanew + 24 + 56);
	return true;
}

/* Walk back page by page from &firmware to syslinux.efi's PE header. */
int efi_find_self(struct efi_fw *fw, struct wp_err *err)
{
	uintptr_t a = (uintptr_t)&firmware & ~(uintptr_t)4095, lim;
	uint32_t size;

	lim = a > SELF_WALK_MAX ? a - SELF_WALK_MAX : 0;
	for (; a > lim; a -= 4096) {
		if (pe_at((const uint8_t *)a, &size) &&
		    (uintptr_t)&firmware < a + size) {
			fw->self = (const uint8_t *)a;
			fw->self_size = size;
			return 0;
		}
	}
	return wp_fail(err, WP_ENOENT, "cannot find syslinux.efi's PE image in memory");
}

/* The LoadedImage handle whose ImageBase is syslinux.efi's image. */
int efi_find_image_handle(struct efi_fw *fw, struct wp_err *err)
{
	EFI_GUID li_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_HANDLE *h = NULL;
	UINTN n = 0, i;
	EFI_STATUS s;

	s = fw->bs->LocateHandleBuffer(ByProtocol, &li_guid, NULL, &n, &h);
	if (EFI_ERROR(s))
		return wp_fail(err, WP_EIO, "LocateHandleBuffer(LoadedImage) failed: 0x%llx",
			       (unsigned long long)s);
	for (i = 0; i < n; i++) {
		EFI_LOADED_IMAGE *li = NULL;
		if (EFI_ERROR(fw->bs->HandleProtocol(h[i], &li_guid, (void **)&li)) || !li)
			continue;
		if ((const uint8_t *)li->ImageBase == fw->self) {
			fw->image = h[i];
			break;
		}
	}
	fw->bs->FreePool(h);
	if (!fw->image)
		return wp_fail(err, WP_ENOENT,
			       "cannot find syslinux.efi's image handle among %u loaded images",
			       (unsigned)n);
	return 0;
}

/* Find syslinux.efi's image, the system table and our parent image handle. */
int efi_fw_init(struct efi_fw *fw, bool image_only, struct wp_err *err)
{
	int rc;

	memset(fw, 0, sizeof(*fw));
	rc = efi_find_self(fw, err);
	if (rc)
		fw->self = NULL;   /* the pointer scan does not need it */
	rc = efi_find_systab(fw, image_only, err);
	if (rc)
		return rc;
	if (!fw->self)
		return wp_fail(err, WP_ENOENT,
			       "found the system table but not syslinux.efi's image, so no parent image handle");
	return efi_find_image_handle(fw, err);
}
