/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bcdhive.h - the BCD element writers of bcdgen.c, shared with the generator
 * of the root store for Microsoft's signed boot manager (sbbcd.c).
 */
#ifndef PT_BCDHIVE_H
#define PT_BCDHIVE_H
#include <hivex.h>
#include <stddef.h>
#include <stdint.h>

/* Generator state: the open hive and the Objects node. */
struct gen {
	hive_h *h;
	hive_node_h objects;
	char *err;
	size_t errcap;
	int bad;
};

/* Add (or get) a child key. */
hive_node_h child(struct gen *g, hive_node_h parent, const char *name);
/* Set one value on a node. */
void setval(struct gen *g, hive_node_h node, const char *key, hive_type t, const void *data,
	    size_t len);
/* Create Objects\{guid} with Description\Type = type; returns its Elements key. */
hive_node_h object(struct gen *g, const char *guid, uint32_t type);
/* Add one element with raw bytes and registry type. */
void element(struct gen *g, hive_node_h els, uint32_t code, hive_type t, const void *data,
	     size_t len);
/* String (format 2) or object (format 3) element: REG_SZ. */
void el_str(struct gen *g, hive_node_h els, uint32_t code, const char *s);
/* Object-list element (format 4) with one GUID: REG_MULTI_SZ. */
void el_list1(struct gen *g, hive_node_h els, uint32_t code, const char *guid);
/* Integer element (format 5): 8-byte REG_BINARY. */
void el_int(struct gen *g, hive_node_h els, uint32_t code, uint64_t v);
/* Boolean element (format 6): 1-byte REG_BINARY. */
void el_bool(struct gen *g, hive_node_h els, uint32_t code, int v);
/* Write out_path from the empty hive after fill(g, ctx) added the objects.
 * 0 on success; -1 with a message in err. */
int bcd_generate_with(const char *out_path, void (*fill)(struct gen *, const void *),
		      const void *ctx, char *err, size_t errcap);

#endif
