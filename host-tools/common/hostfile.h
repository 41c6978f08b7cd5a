/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hostfile.h - host-side helpers shared by the host tools. */
#ifndef WP_HOSTFILE_H
#define WP_HOSTFILE_H
#include "wp.h"

/* Open PATH as a byte source backed by pread(); returns 0 or prints an error. */
int hostfile_open(const char *path, struct wp_src *src);
void hostfile_close(struct wp_src *src);
/* Read a whole file into malloc'd memory. */
int hostfile_load(const char *path, uint8_t **data, uint64_t *size);

/* SHA-256 of a host file as 64 hex digits, and its size (core/sha256.c). */
int sha256_file(const char *path, char hex[65], uint64_t *size);

#endif
