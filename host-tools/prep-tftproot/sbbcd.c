/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sbbcd.c - the root BCD store for Microsoft's signed boot manager over TFTP
 * (see sbbcd.h): {bootmgr} with a display order over every prepared image,
 * and per image an OS loader plus its own RAM-disk options object (SDI on the
 * boot device = the TFTP server, TFTP block/window sizes).  Element encodings
 * as in bcdgen.c; GUIDs derived from the image name so reruns are stable.
 */
#include "sbbcd.h"
#include "bcddev.h"
#include "bcdgen.h"
#include "bcdhive.h"
#include "errfmt.h"
#include "sha256.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Name-based GUID: SHA-256 of a tagged name, version 5 / RFC 4122 variant bits. */
void sbbcd_guid(const char *name, int which, char out[39])
{
	char tag[128];
	uint8_t h[SHA256_DIGEST_SIZE];
	snprintf(tag, sizeof tag, "prep-tftproot/%s/%s", which ? "ramdiskoptions" : "loader", name);
	sha256(tag, strlen(tag), h);
	h[7] = (uint8_t)((h[7] & 0x0F) | 0x50); /* Data3 (little-endian) high nibble */
	h[8] = (uint8_t)((h[8] & 0x3F) | 0x80);
	bcd_guid_format(h, out);
}

/* Object-list element with every loader GUID in display order: REG_MULTI_SZ. */
static void el_list(struct gen *g, hive_node_h els, uint32_t code, const struct sbbcd_model *m)
{
	size_t n = 0;
	char *b = calloc((size_t)m->n * 39 + 1, 2);
	if (!b) { g->bad = 1; return; }
	for (int i = 0; i < m->n; i++) {
		char gs[39];
		sbbcd_guid(m->e[i].name, 0, gs);
		for (const char *p = gs; ; p++) {
			b[n] = *p;
			n += 2;
			if (!*p) break;
		}
	}
	n += 2; /* the list's closing NUL */
	element(g, els, code, hive_t_REG_MULTI_SZ, b, n);
	free(b);
}

/* Add the loader and RAM-disk options objects of one image. */
static void add_image(struct gen *g, const struct sbbcd_model *m, const struct sbbcd_entry *e)
{
	char lg[39], og[39], path[160], desc[160];
	uint8_t ogb[16], bootdev[BCD_BOOTDEV_LEN];
	sbbcd_guid(e->name, 0, lg);
	sbbcd_guid(e->name, 1, og);
	bcd_guid_parse(og, ogb);
	bcd_dev_boot(bootdev);

	hive_node_h x = object(g, og, 0x30000000);
	snprintf(desc, sizeof desc, "Ramdisk Options (%s)", e->name);
	el_str(g, x, 0x12000004, desc);
	element(g, x, 0x31000003, hive_t_REG_BINARY, bootdev, sizeof bootdev); /* ramdisksdidevice = boot */
	snprintf(path, sizeof path, "\\windows\\%s\\boot\\boot.sdi", e->name);
	el_str(g, x, 0x32000004, path);                                    /* ramdisksdipath */
	if (m->blocksize) el_int(g, x, 0x35000007, m->blocksize);          /* ramdisktftpblocksize */
	if (m->windowsize) el_int(g, x, 0x35000008, m->windowsize);        /* ramdisktftpwindowsize */

	snprintf(path, sizeof path, "\\windows\\%s\\sources\\boot.wim", e->name);
	size_t rlen = bcd_dev_ramdisk_len(path);
	uint8_t *rd = malloc(rlen);
	if (!rd || bcd_dev_ramdisk(rd, ogb, path) != rlen) {
		free(rd);
		if (!g->bad) fail(g->err, g->errcap, "cannot encode the RAM-disk device %s", path);
		g->bad = 1;
		return;
	}
	x = object(g, lg, 0x10200003);
	element(g, x, 0x11000001, hive_t_REG_BINARY, rd, rlen);          /* device */
	el_str(g, x, 0x12000002, "\\windows\\system32\\boot\\winload.efi");  /* path */
	el_str(g, x, 0x12000004, e->desc);
	el_str(g, x, 0x12000005, "en-US");
	el_bool(g, x, 0x16000060, 1);                                     /* isolatedcontext */
	element(g, x, 0x21000001, hive_t_REG_BINARY, rd, rlen);          /* osdevice */
	el_str(g, x, 0x22000002, "\\windows");                            /* systemroot */
	el_int(g, x, 0x250000c2, 1);                                      /* bootmenupolicy Standard */
	el_bool(g, x, 0x26000010, 1);                                     /* detecthal */
	el_bool(g, x, 0x26000022, 1);                                     /* winpe */
	free(rd);
}

/* bcd_generate_with() callback: the whole root store. */
static void fill(struct gen *g, const void *ctx)
{
	const struct sbbcd_model *m = ctx;
	hive_node_h root = hivex_root(g->h);
	hive_node_h d = child(g, root, "Description");
	static const char kn[] = "B\0C\0D\0" "0\0" "0\0" "0\0" "0\0" "0\0" "0\0" "0\0" "0\0" "\0";
	static const char mk[] = "p\0r\0e\0p\0-\0t\0f\0t\0p\0r\0o\0o\0t\0\0";
	setval(g, d, "KeyName", hive_t_REG_SZ, kn, sizeof kn);
	setval(g, d, "Generator", hive_t_REG_SZ, mk, sizeof mk);
	g->objects = child(g, root, "Objects");

	char dg[39];
	sbbcd_guid(m->e[m->def].name, 0, dg);
	hive_node_h b = object(g, BCD_GUID_BOOTMGR, 0x10100002);
	el_str(g, b, 0x12000004, "Windows Boot Manager");
	el_str(g, b, 0x12000005, "en-US");
	el_str(g, b, 0x23000003, dg);                                     /* default */
	el_list(g, b, 0x24000001, m);                                     /* displayorder */
	el_int(g, b, 0x25000004, m->timeout);                             /* timeout */
	for (int i = 0; i < m->n && !g->bad; i++) add_image(g, m, &m->e[i]);
}

/* Write the store (see sbbcd.h): hivex commit to a temporary name, then rename. */
int sbbcd_write(const char *path, const struct sbbcd_model *m, char *err, size_t errcap)
{
	char tmp[4096];
	if (m->n < 1 || m->n > SBBCD_MAX || m->def < 0 || m->def >= m->n)
		return fail(err, errcap, "%s: internal: bad image list (%d entries)", path, m->n);
	snprintf(tmp, sizeof tmp, "%s.tmp.%d", path, (int)getpid());
	if (bcd_generate_with(tmp, fill, m, err, errcap) != 0) {
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		return fail(err, errcap, "%s: %s", path, strerror(e));
	}
	return 0;
}

/* Read a REG_SZ value of a node as UTF-8 ("" when absent). */
static void str_of(hive_h *h, hive_node_h n, const char *key, char *out, size_t cap)
{
	hive_value_h v = n ? hivex_node_get_value(h, n, key) : 0;
	char *s = v ? hivex_value_string(h, v) : NULL;
	snprintf(out, cap, "%s", s ? s : "");
	free(s);
}

/* Read an integer element (8 bytes, little-endian) of an Elements node
 * into *out; *out is left alone when it is absent. */
static void int_of(hive_h *h, hive_node_h els, const char *code, uint64_t *out)
{
	hive_node_h n = els ? hivex_node_get_child(h, els, code) : 0;
	hive_value_h v = n ? hivex_node_get_value(h, n, "Element") : 0;
	hive_type t;
	size_t len = 0;
	uint8_t *b = v ? (uint8_t *)hivex_value_value(h, v, &t, &len) : NULL;
	if (b && len == 8) {
		uint64_t x = 0;
		for (int k = 7; k >= 0; k--) x = x << 8 | b[k];
		*out = x;
	}
	free(b);
}

/* Read back the entries of a store we made (see sbbcd.h). */
int sbbcd_read(const char *path, struct sbbcd_model *m, char *err, size_t errcap)
{
	char s[256];
	m->n = 0;
	hive_h *h = hivex_open(path, 0);
	if (!h) return fail(err, errcap, "%s: not a registry hive (%s)", path, strerror(errno));
	hive_node_h root = hivex_root(h);
	str_of(h, hivex_node_get_child(h, root, "Description"), "Generator", s, sizeof s);
	if (strcmp(s, SBBCD_MARK)) {
		hivex_close(h);
		return 0;
	}
	hive_node_h objs = hivex_node_get_child(h, root, "Objects");
	hive_node_h *kids = objs ? hivex_node_children(h, objs) : NULL;
	for (size_t i = 0; kids && kids[i] && m->n < SBBCD_MAX; i++) {
		hive_node_h els = hivex_node_get_child(h, kids[i], "Elements");
		/* the TFTP block/window sizes (ramdisk options objects) */
		int_of(h, els, "35000007", &m->blocksize);
		int_of(h, els, "35000008", &m->windowsize);
		hive_node_h dn = els ? hivex_node_get_child(h, els, "11000001") : 0;
		hive_value_h dv = dn ? hivex_node_get_value(h, dn, "Element") : 0;
		hive_type t;
		size_t len = 0;
		char *blob = dv ? hivex_value_value(h, dv, &t, &len) : NULL;
		uint8_t og[16];
		char rp[200], name[64];
		int ok = blob && bcd_dev_ramdisk_parse((uint8_t *)blob, len, og, rp, sizeof rp) == 0 &&
			 sscanf(rp, "\\windows\\%63[^\\]\\sources\\boot.wim", name) == 1;
		free(blob);
		if (!ok) continue;
		struct sbbcd_entry *e = &m->e[m->n++];
		snprintf(e->name, sizeof e->name, "%s", name);
		str_of(h, hivex_node_get_child(h, els, "12000004"), "Element", e->desc, sizeof e->desc);
	}
	free(kids);
	hivex_close(h);
	return 1;
}
