/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fwstart.c - the BIOS module's start-up hook (winpe_fw_start() in
 * module/winpe.h).  BIOS has no watchdog and nothing to locate up front
 * (memory, E820, is read where it is needed: highmem.c); syslinux leaves SSE
 * off, which the SHA extensions path needs (sse.c); winpe_fw_stop() puts it
 * back.
 */
#include "sse.h"
#include "winpe.h"

/* See module/winpe.h: SSE on (or the portable hash), nothing else. */
int winpe_fw_start(const struct winpe_opts *o, struct wp_err *err)
{
	(void)o;
	(void)err;
	com32_sse_enable();
	return 0;
}

/* See module/winpe.h: CR4 as syslinux had it. */
void winpe_fw_stop(void)
{
	com32_sse_restore();
}
