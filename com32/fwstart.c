/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fwstart.c - the BIOS module's start-up hook (winpe_fw_start() in
 * module/winpe.h).  BIOS has no watchdog and nothing to locate up front:
 * memory (E820) is read where it is needed (highmem.c).
 */
#include "winpe.h"

/* See module/winpe.h: nothing to do on BIOS. */
int winpe_fw_start(const struct winpe_opts *o, struct wp_err *err)
{
	(void)o;
	(void)err;
	return 0;
}
