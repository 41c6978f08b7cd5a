/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * gop.c - refuse the first GraphicsOutput open per handle so the Windows boot
 * manager falls back to text mode (uefi-boot.md A.4), with our own marker
 * GUID; the Boot Services table CRC32 is recomputed after each patch.
 */
#include "gop.h"
#include "wp.h"

/* Marker protocol: 3d1b7e40-5c2a-4f6e-8d93-57494e504731 ("WINPG1") */
static EFI_GUID gop_marker = { 0x3d1b7e40, 0x5c2a, 0x4f6e,
			       { 0x8d, 0x93, 0x57, 0x49, 0x4e, 0x50, 0x47, 0x31 } };
static EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;
static EFI_BOOT_SERVICES *gop_bs;
static EFI_OPEN_PROTOCOL gop_orig;

/* Recompute the Boot Services table header CRC after patching it. */
static void bs_recrc(EFI_BOOT_SERVICES *bs)
{
	UINT32 crc = 0;

	bs->Hdr.CRC32 = 0;
	bs->CalculateCrc32(bs, bs->Hdr.HeaderSize, &crc);
	bs->Hdr.CRC32 = crc;
}

/* The OpenProtocol wrapper: first GOP open on a handle -> marker + refusal. */
static EFI_STATUS EFIAPI gop_open(EFI_HANDLE h, EFI_GUID *proto, VOID **iface,
				  EFI_HANDLE agent, EFI_HANDLE ctrl, UINT32 attr)
{
	VOID *dummy;

	if (proto && !memcmp(proto, &gop_guid, sizeof(gop_guid)) &&
	    EFI_ERROR(gop_orig(h, &gop_marker, &dummy, agent, ctrl,
			       EFI_OPEN_PROTOCOL_GET_PROTOCOL))) {
		EFI_HANDLE mh = h;
		gop_bs->InstallProtocolInterface(&mh, &gop_marker, EFI_NATIVE_INTERFACE, NULL);
		return EFI_INVALID_PARAMETER;
	}
	return gop_orig(h, proto, iface, agent, ctrl, attr);
}

/* Patch OpenProtocol in the live Boot Services table. */
void gop_hook_install(EFI_BOOT_SERVICES *bs)
{
	if (gop_orig)
		return;
	gop_bs = bs;
	gop_orig = bs->OpenProtocol;
	bs->OpenProtocol = gop_open;
	bs_recrc(bs);
}

/* Put the original OpenProtocol back. */
void gop_hook_remove(void)
{
	if (!gop_orig)
		return;
	gop_bs->OpenProtocol = gop_orig;
	bs_recrc(gop_bs);
	gop_orig = NULL;
}
