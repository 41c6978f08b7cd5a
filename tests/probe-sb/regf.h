/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * regf.h - just enough of a registry-hive reader for probe-sb.efi to walk a
 * BCD store: keys by path (case-insensitive ASCII names), small values
 * (no big-data cells), the ramdisk device element layout.  Offsets are cell
 * offsets relative to the first hbin, as in the hive.
 */
#ifndef PROBE_REGF_H
#define PROBE_REGF_H
#include <stdint.h>

#define REGF_STR 256

struct regf {
	const uint8_t *d;
	uint32_t len;
	uint32_t root;
};

/* Check the base block; 0 on success. */
int regf_open(struct regf *r, const uint8_t *d, uint32_t len);
/* Follow a '\'-separated subkey path from key; 0 on success. */
int regf_path(const struct regf *r, uint32_t key, const char *path, uint32_t *out);
/* A value's data (not big data); 0 on success. */
int regf_value(const struct regf *r, uint32_t key, const char *name, const uint8_t **data,
	       uint32_t *len);
/* A REG_SZ value as ASCII (UTF-16 low bytes) into out[REGF_STR]; 0 on success. */
int regf_string(const struct regf *r, uint32_t key, const char *name, char *out);
/* Decode a ramdisk=[boot]PATH,{options} device element: options GUID as
 * "{...}" (40 bytes) and PATH (REGF_STR); 0 on success. */
int regf_ramdisk(const uint8_t *d, uint32_t len, char *opt, char *path);
/* out = a + b (bounded). */
void regf_cat(char *out, uint32_t cap, const char *a, const char *b);

#endif
