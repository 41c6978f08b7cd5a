/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sse.c - the efi64 build's CPU preparation (winpe_fw_setup() in
 * module/winpe.h).  UEFI on x64 hands over with SSE enabled (CR4.OSFXSR
 * set; the calling convention passes floating point in XMM registers), so
 * the core's SHA extensions path may run as CPUID says: nothing to do.  The
 * hook is defined anyway because syslinux's module loader cannot leave a
 * weak symbol undefined ("An undefined symbol was referenced").
 */
#include "winpe.h"

/* Nothing to prepare on UEFI. */
void winpe_fw_setup(void)
{
}
