/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hive.h - registry hive (regf) reader with a minimal in-place writer, for
 * patching BCD stores.  Every cell access is bounds-checked: base block,
 * hbin chain, nk/vk cells, lf/lh/li/ri subkey lists, value lists, data
 * cells and big-data (db) values.  Keys are addressed by offset of their
 * nk cell (relative to the first hbin, as in the hive itself).
 */
#ifndef WP_HIVE_H
#define WP_HIVE_H
#include "wp.h"

#define HIVE_REG_SZ 1u
#define HIVE_REG_BINARY 3u
#define HIVE_REG_DWORD 4u
#define HIVE_REG_MULTI_SZ 7u

struct hive {
	uint8_t *data;      /* the whole file (caller's memory; may be realloc'd
			       by hive_value_write) */
	size_t len;
	size_t bins_end;    /* end of the hbin area (file offset) */
	uint32_t root;      /* root key */
	const char *name;   /* for messages */
};

/* A value: type and where its data lies (file offsets). */
struct hive_value {
	uint32_t vk;        /* offset of the vk cell */
	uint32_t type;
	uint32_t len;       /* data length */
	bool inline_data;   /* <= 4 bytes stored in the vk cell */
	bool big;           /* big data (db): not contiguous */
	size_t data_off;    /* file offset of the data (not for big) */
	size_t cell_cap;    /* bytes available in its data cell */
};

/* Validate the base block and hbin chain of data (len bytes). */
int hive_open(struct hive *h, uint8_t *data, size_t len, const char *name,
	      struct wp_err *err);
/* The subkey of key with this name (case-insensitive); WP_ENOENT if none. */
int hive_subkey(const struct hive *h, uint32_t key, const char *name,
		uint32_t *out, struct wp_err *err);
/* Follow a '\'-separated path of subkeys from key. */
int hive_path(const struct hive *h, uint32_t key, const char *path,
	      uint32_t *out, struct wp_err *err);
/* Call fn for every subkey of key with its name (UTF-8); non-zero stops. */
int hive_subkeys(const struct hive *h, uint32_t key,
		 int (*fn)(void *ctx, uint32_t sub, const char *name), void *ctx,
		 struct wp_err *err);
/* The value of key with this name ("" = default); WP_ENOENT if none. */
int hive_value(const struct hive *h, uint32_t key, const char *name,
	       struct hive_value *v, struct wp_err *err);
/* Copy up to cap bytes of a value's data (big data reassembled); returns
 * the number copied or a negative error. */
long hive_value_read(const struct hive *h, const struct hive_value *v,
		     uint8_t *buf, size_t cap, struct wp_err *err);
/*
 * Replace a value's data.  In place when it fits in the data cell;
 * otherwise a new hbin is appended (h->data is realloc'd, h->len grows).
 */
int hive_value_write(struct hive *h, struct hive_value *v, const void *data,
		   uint32_t len, struct wp_err *err);
/* Make the sequence numbers equal and recompute the base block checksum. */
void hive_finish(struct hive *h);
/* The checksum of a base block (XOR of the first 127 u32). */
uint32_t hive_checksum(const uint8_t *base);

#endif
