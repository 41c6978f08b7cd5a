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

/* The entry body for NAME (LABEL, MENU LABEL when menu, KERNEL, APPEND), malloc'd. */
char *pxecfg_entry(const char *name, const char *title, const char *append, int menu);
/* Does the config text have a UI line (the user chose a menu module)? */
int pxecfg_has_ui(const char *text);
/* New config text: old (may be NULL for a new file) with NAME's block
 * replaced in place or appended.  A new file starts with a header: with menu,
 * "UI menu.c32" and a MENU TITLE; without, a plain boot: prompt.
 * malloc'd; NULL when out of memory. */
char *pxecfg_merge(const char *old, const char *name, const char *entry, int menu);
/* old without NAME's block (every other line kept); *found says whether
 * there was one.  In a file whose header prep-tftproot wrote, DEFAULT NAME
 * moves to the first remaining marked entry (or goes if none is left).
 * malloc'd; NULL when out of memory. */
char *pxecfg_remove(const char *old, const char *name, int *found);
/* The MENU LABEL text inside NAME's block into out ("" if none). */
void pxecfg_title(const char *text, const char *name, char *out, size_t cap);

#endif
