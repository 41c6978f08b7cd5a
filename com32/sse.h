/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sse.h - SSE for the BIOS module's SHA extensions path (sse.c). */
#ifndef WINPE_COM32_SSE_H
#define WINPE_COM32_SSE_H

/* Set CR4.OSFXSR/OSXMMEXCPT when the CPU has SSE, else force the portable hash. */
void com32_sse_enable(void);
/* Put those CR4 bits back as found: before the hand-off and before returning to syslinux. */
void com32_sse_restore(void);

#endif
