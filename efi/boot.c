/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * boot.c - the efi64 hand-off (winpe_boot): reach the firmware, build the
 * virtual disk over the fetched files, expose it as disk + partition handles
 * and start the Windows boot manager from memory with LoadImage/StartImage
 * while syslinux.efi's boot services are still live (uefi-boot.md A.3, B.8).
 * Returns only on failure, after a message naming the file and the fix.
 */
#include <stdio.h>
#include "bootfile.h"
#include "fw.h"
#include "gop.h"
#include "vblk.h"
#include "vdisk.h"
#include "winpe.h"

/*
 * Load one boot manager image from memory and start it.  Returns the EFI
 * status of LoadImage (the image was not started) or of StartImage.
 */
static EFI_STATUS start_one(const struct efi_fw *fw, struct vblk_pair *vb,
			    const struct bootfile *b, const struct winpe_opts *o)
{
	EFI_GUID li_guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_DEVICE_PATH *fp = vblk_file_path(vb, b->disk_path);
	EFI_HANDLE child = NULL;
	EFI_LOADED_IMAGE *li = NULL;
	EFI_STATUS s;
	UINTN exit_size = 0;
	CHAR16 *exit_data = NULL;

	if (!fp)
		return EFI_OUT_OF_RESOURCES;
	s = fw->bs->LoadImage(FALSE, fw->image, fp, (VOID *)b->data, (UINTN)b->size, &child);
	free(fp);
	if (EFI_ERROR(s)) {
		/* a Secure Boot refusal may still have created a handle */
		if (s == EFI_SECURITY_VIOLATION && child)
			fw->bs->UnloadImage(child);
		printf("winpe: %s (%s): the firmware refused to load it (LoadImage: 0x%llx%s)\n",
		       b->name, b->src, (unsigned long long)s,
		       s == EFI_SECURITY_VIOLATION ? ", Secure Boot signature not trusted" : "");
		return s;
	}
	if (!EFI_ERROR(fw->bs->HandleProtocol(child, &li_guid, (void **)&li)) && li)
		li->DeviceHandle = vb->part.handle;
	if (!o->quiet)
		printf("winpe: starting %s (%llu bytes) from %s\n", b->name,
		       (unsigned long long)b->size, b->disk_path);
	winpe_pause(o);
	if (!o->gui)
		gop_hook_install(fw->bs);
	s = fw->bs->StartImage(child, &exit_size, &exit_data);
	gop_hook_remove();
	if (exit_data)
		fw->bs->FreePool(exit_data);
	printf("winpe: %s returned (EFI status 0x%llx)\n", b->name, (unsigned long long)s);
	return s;
}

/* See winpe.h. */
int winpe_boot(struct winpe_set *set)
{
	struct bootfile bf[BOOTFILE_MAX];
	struct vblk_pair vb;
	const struct efi_fw *fw;
	struct vdisk *vd = NULL;
	struct wp_err err;
	int n, i;

	memset(&vb, 0, sizeof(vb));
	n = bootfile_collect(set, bf, &err);
	if (n < 0) {
		printf("winpe: %s\n", err.msg);
		return 1;
	}
	fw = efi_fw();
	if (!fw) {
		/* winpe_fw_start() failed and said why; main() does not get here then */
		printf("winpe: the EFI firmware was not found at start-up\n");
		return 1;
	}
	if (fileset_disk(set->files, set->n_files, &vd, &err)) {
		printf("winpe: %s\n", err.msg);
		return 1;
	}
	if (set->opts.check) {
		/* a dry run, as on BIOS: everything but the hand-off itself */
		printf("winpe: check passed, not starting %s\n", bf[0].name);
		free(vd);
		return 0;
	}
	if (vblk_install(&vb, fw->bs, vd, &err)) {
		printf("winpe: %s\n", err.msg);
		free(vd);
		return 1;
	}
	for (i = 0; i < n; i++) {
		EFI_STATUS s = start_one(fw, &vb, &bf[i], &set->opts);
		/* only a load refusal moves on to the next candidate */
		if (s != EFI_SECURITY_VIOLATION && s != EFI_LOAD_ERROR && s != EFI_UNSUPPORTED &&
		    s != EFI_ACCESS_DENIED)
			break;
		if (i + 1 < n)
			printf("winpe: trying %s instead\n", bf[i + 1].name);
	}
	vblk_uninstall(&vb);
	free(vd);
	return 1;
}
