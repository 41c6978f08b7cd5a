/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fwstart.c - the efi64 module's start-up (winpe_fw_start() in
 * module/winpe.h): find the firmware once, before anything is fetched, keep
 * it for the pre-fetch RAM check and the hand-off, and switch off the
 * watchdog the UEFI boot manager armed for syslinux.efi.
 *
 * The boot manager arms a 5-minute watchdog before it starts a boot option
 * (UEFI spec, EFI_BOOT_SERVICES.SetWatchdogTimer); syslinux.efi never
 * disarms it, so a fetch of a large boot.wim, a slow link or a long menu
 * wait reset the machine without a word (issue 17: OVMF reset at ~305 s,
 * 77 % into a 650 MiB WIM over HTTP).  winpe.c32 disarms it and arms
 * nothing: the Windows boot manager it starts sets its own policy.
 * (UEFI on x64 hands over with SSE enabled, so unlike BIOS, com32/sse.c,
 * the SHA extensions path needs no preparation.)
 */
#include <stdio.h>
#include "fw.h"
#include "winpe.h"

static struct efi_fw fw_once;
static bool fw_found;

/* The firmware found by winpe_fw_start(), or NULL when it was not found. */
const struct efi_fw *efi_fw(void)
{
	return fw_found ? &fw_once : NULL;
}

/* See module/winpe.h: find the system table and image handle, disarm the watchdog. */
int winpe_fw_start(const struct winpe_opts *o, struct wp_err *err)
{
	EFI_STATUS s;

	if (fw_found)
		return 0;
	if (efi_fw_init(&fw_once, o->systab_image, err))
		return -1;
	fw_found = true;
	if (!o->quiet)
		printf("winpe: EFI system table at %p (found by %s), syslinux.efi image %p, handle %p\n",
		       (void *)fw_once.st, fw_once.how, (const void *)fw_once.self,
		       (void *)fw_once.image);
	/* timeout 0 disables the watchdog; the code and data are then ignored */
	s = fw_once.bs->SetWatchdogTimer(0, 0, 0, NULL);
	if (EFI_ERROR(s))
		printf("winpe: warning: the firmware would not disable its watchdog "
		       "(SetWatchdogTimer: 0x%llx); it may reset this machine 5 minutes "
		       "after syslinux.efi started\n", (unsigned long long)s);
	else if (!o->quiet)
		printf("winpe: UEFI watchdog disabled (SetWatchdogTimer: 0x%llx)\n",
		       (unsigned long long)s);
	return 0;
}

/* See module/winpe.h: nothing to put back (the watchdog stays off, see above). */
void winpe_fw_stop(void)
{
}
