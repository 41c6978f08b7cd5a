/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wimhdr.h - WIM header and XML facts read straight from the media, without
 * wimlib and without writing anything (used by --dry-run).
 */
#ifndef PT_WIMHDR_H
#define PT_WIMHDR_H
#include "media.h"
#include "wimsrc.h"

/* Image count, boot index and the facts of image idx (if idx > 0) of the
 * WIM file e.  0 or -1 with err. */
int wimhdr_read(const struct media *m, const struct media_entry *e, int idx, int *images,
		int *boot_index, struct wimimage *img, char *err, size_t cap);
/* Find the value of <TAG> inside the IMAGE element of index idx in an ASCII
 * copy of the WIM XML; "" if absent. */
void wimhdr_xml_get(const char *xml, int idx, const char *tag, char *out, size_t cap);

#endif
