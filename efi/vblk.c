/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vblk.c - read-only BlockIo + DevicePath handles for the virtual disk and
 * its partition (uefi-boot.md A.2).  Sector contents come from vdisk_read();
 * writes are refused.  Device paths are assembled byte by byte.
 */
#include "fw.h"
#include "vblk.h"
#include "wp.h"

/* Our own VenHw GUID (not wimboot's): 6a1c3e52-8f0b-4d27-9b51-57494e504531 */
static const uint8_t vblk_guid[16] = {
	0x52, 0x3e, 0x1c, 0x6a, 0x0b, 0x8f, 0x27, 0x4d,
	0x9b, 0x51, 0x57, 0x49, 0x4e, 0x50, 0x45, 0x31,
};

#define DP_VENHW_LEN 20
#define DP_ATA_LEN 8
#define DP_HD_LEN 42
#define DP_END_LEN 4

/* Write a device path node header. */
static uint8_t *dp_node(uint8_t *p, uint8_t type, uint8_t sub, uint16_t len)
{
	p[0] = type;
	p[1] = sub;
	wp_put16(p + 2, len);
	return p + 4;
}

/* The disk path VenHw/Ata, then (partition) HD, then End; malloc'd. */
static EFI_DEVICE_PATH *make_path(const struct vdisk *vd, bool part)
{
	size_t len = DP_VENHW_LEN + DP_ATA_LEN + (part ? DP_HD_LEN : 0) + DP_END_LEN;
	uint8_t *dp = calloc(1, len), *p = dp;

	if (!dp)
		return NULL;
	p = dp_node(p, HARDWARE_DEVICE_PATH, HW_VENDOR_DP, DP_VENHW_LEN);
	memcpy(p, vblk_guid, 16);
	p += 16;
	p = dp_node(p, MESSAGING_DEVICE_PATH, MSG_ATAPI_DP, DP_ATA_LEN);
	p[0] = 0;   /* primary */
	p[1] = 0;   /* master */
	wp_put16(p + 2, 0);
	p += 4;
	if (part) {
		p = dp_node(p, MEDIA_DEVICE_PATH, MEDIA_HARDDRIVE_DP, DP_HD_LEN);
		wp_put32(p, 1);                              /* partition number */
		wp_put64(p + 4, vdisk_part_start(vd));
		wp_put64(p + 12, vdisk_part_sectors(vd));
		wp_put32(p + 20, vdisk_mbr_signature(vd));   /* rest of Signature[16] zero */
		p[36] = 1;                                   /* MBRType: PC-AT */
		p[37] = 1;                                   /* SignatureType: MBR */
		p += 38;
	}
	dp_node(p, END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE, DP_END_LEN);
	return (EFI_DEVICE_PATH *)dp;
}

/* The partition path with a FilePath node for path ('/' becomes '\'). */
EFI_DEVICE_PATH *vblk_file_path(const struct vblk_pair *pp, const char *path)
{
	size_t base = efi_dp_len(pp->part.dp), n = strlen(path), flen = 4 + 2 * (n + 1);
	uint8_t *dp = calloc(1, base + flen + DP_END_LEN), *p;
	size_t i;

	if (!dp)
		return NULL;
	memcpy(dp, pp->part.dp, base);
	p = dp_node(dp + base, MEDIA_DEVICE_PATH, MEDIA_FILEPATH_DP, (uint16_t)flen);
	for (i = 0; i < n; i++)
		wp_put16(p + 2 * i, path[i] == '/' ? '\\' : (uint8_t)path[i]);
	dp_node(p + 2 * (n + 1), END_DEVICE_PATH_TYPE, END_ENTIRE_DEVICE_PATH_SUBTYPE,
		DP_END_LEN);
	return (EFI_DEVICE_PATH *)dp;
}

/* BlockIo.Reset: nothing to reset. */
static EFI_STATUS EFIAPI vb_reset(EFI_BLOCK_IO *This, BOOLEAN ext)
{
	return EFI_SUCCESS;
}

/* BlockIo.ReadBlocks: bounds-checked vdisk_read() at this handle's offset. */
static EFI_STATUS EFIAPI vb_read(EFI_BLOCK_IO *This, UINT32 media, EFI_LBA lba,
				 UINTN size, VOID *buf)
{
	struct vblk *v = (struct vblk *)This;
	uint64_t count = size / VDISK_SECTOR;
	uint8_t *out = buf;

	if (media != v->media.MediaId)
		return EFI_MEDIA_CHANGED;
	if (size % VDISK_SECTOR)
		return EFI_BAD_BUFFER_SIZE;
	if (!buf || lba > v->media.LastBlock || count > v->media.LastBlock + 1 - lba)
		return EFI_INVALID_PARAMETER;
	while (count) {
		uint32_t n = count > 0x10000 ? 0x10000 : (uint32_t)count;
		if (vdisk_read(v->vd, v->first + lba, n, out, NULL))
			return EFI_DEVICE_ERROR;
		lba += n;
		count -= n;
		out += (size_t)n * VDISK_SECTOR;
	}
	return EFI_SUCCESS;
}

/* BlockIo.WriteBlocks: the disk is read-only. */
static EFI_STATUS EFIAPI vb_write(EFI_BLOCK_IO *This, UINT32 media, EFI_LBA lba,
				  UINTN size, VOID *buf)
{
	return EFI_WRITE_PROTECTED;
}

/* BlockIo.FlushBlocks: nothing cached. */
static EFI_STATUS EFIAPI vb_flush(EFI_BLOCK_IO *This)
{
	return EFI_SUCCESS;
}

/* Fill one handle's BlockIo, Media and device path. */
static int vblk_init(struct vblk *v, const struct vdisk *vd, bool part)
{
	memset(v, 0, sizeof(*v));
	v->vd = vd;
	v->bio.Revision = EFI_BLOCK_IO_PROTOCOL_REVISION;
	v->bio.Media = &v->media;
	v->bio.Reset = vb_reset;
	v->bio.ReadBlocks = vb_read;
	v->bio.WriteBlocks = vb_write;
	v->bio.FlushBlocks = vb_flush;
	v->media.MediaId = VBLK_MEDIA_ID;
	v->media.MediaPresent = TRUE;
	v->media.LogicalPartition = part;
	v->media.ReadOnly = TRUE;
	v->media.BlockSize = VDISK_SECTOR;
	v->first = part ? vdisk_part_start(vd) : 0;
	v->media.LastBlock = (part ? vdisk_part_sectors(vd) : vdisk_sectors(vd)) - 1;
	v->dp = make_path(vd, part);
	return v->dp ? 0 : -1;
}

/* Install the disk handle, then the partition handle. */
int vblk_install(struct vblk_pair *p, EFI_BOOT_SERVICES *bs, const struct vdisk *vd,
		 struct wp_err *err)
{
	EFI_GUID bio_guid = BLOCK_IO_PROTOCOL, dp_guid = DEVICE_PATH_PROTOCOL;
	struct vblk *v[2] = { &p->disk, &p->part };
	int i;

	p->bs = bs;
	for (i = 0; i < 2; i++) {
		EFI_STATUS s;
		if (vblk_init(v[i], vd, i == 1))
			return wp_fail(err, WP_ENOMEM, "out of memory for the virtual disk handles");
		s = bs->InstallMultipleProtocolInterfaces(&v[i]->handle, &bio_guid, &v[i]->bio,
							  &dp_guid, v[i]->dp, NULL);
		if (EFI_ERROR(s)) {
			v[i]->handle = NULL;
			vblk_uninstall(p);
			return wp_fail(err, WP_EIO,
				       "cannot install the virtual %s handle: EFI status 0x%llx",
				       i ? "partition" : "disk", (unsigned long long)s);
		}
	}
	return 0;
}

/* Uninstall whatever vblk_install() installed, partition first. */
void vblk_uninstall(struct vblk_pair *p)
{
	EFI_GUID bio_guid = BLOCK_IO_PROTOCOL, dp_guid = DEVICE_PATH_PROTOCOL;
	struct vblk *v[2] = { &p->part, &p->disk };
	int i;

	for (i = 0; i < 2; i++) {
		if (v[i]->handle) {
			p->bs->DisconnectController(v[i]->handle, NULL, NULL);
			p->bs->UninstallMultipleProtocolInterfaces(v[i]->handle, &bio_guid, &v[i]->bio,
								   &dp_guid, v[i]->dp, NULL);
			v[i]->handle = NULL;
		}
		free(v[i]->dp);
		v[i]->dp = NULL;
	}
}
