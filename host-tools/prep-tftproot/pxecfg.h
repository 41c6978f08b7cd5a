/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pxecfg.h - keep exactly one marked entry per image in a pxelinux config:
 *   # BEGIN prep-tftproot NAME
 *   ...
 *   # END prep-tftproot NAME
 * Every other line of the user's file is kept as is.
 */
#ifndef PT_PXECFG_H
#define PT_PXECFG_H
#include <stddef.h>

/* The entry body for NAME (LABEL/MENU LABEL/KERNEL/APPEND), malloc'd. */
char *pxecfg_entry(const char *name, const char *title, const char *append);
/* New config text: old (may be NULL for a new file) with NAME's block
 * replaced in place or appended.  malloc'd; NULL when out of memory. */
char *pxecfg_merge(const char *old, const char *name, const char *entry);

#endif
