/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bcdgen.c - BCD stores for RAM-disk boot.  bcd_empty_hive() writes a minimal
 * regf file (base block + one hbin holding the root nk and one sk); hivex then
 * adds the objects and elements, with the element encodings of Microsoft's own
 * install-media stores (device blobs from bcddev.c).
 */
#include "bcdgen.h"
#include "errfmt.h"
#include "bcddev.h"
#include "bcdhive.h"
#include <errno.h>
#include <hivex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


/* Store a u16/u32 little-endian. */
static void p16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void p32(uint8_t *p, uint32_t v) { p16(p, (uint16_t)v); p16(p + 2, (uint16_t)(v >> 16)); }

/* Self-relative security descriptor: owner Administrators, group SYSTEM,
 * DACL with one ACE granting Everyone KEY_ALL_ACCESS (inherited by subkeys). */
static size_t security_descriptor(uint8_t *sd)
{
	static const uint8_t everyone[12] = {1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0};
	static const uint8_t admins[16] = {1, 2, 0, 0, 0, 0, 0, 5, 0x20, 0, 0, 0, 0x20, 2, 0, 0};
	static const uint8_t system[12] = {1, 1, 0, 0, 0, 0, 0, 5, 0x12, 0, 0, 0};
	memset(sd, 0, 76);
	sd[0] = 1;                 /* revision */
	p16(sd + 2, 0x8004);       /* SE_SELF_RELATIVE | SE_DACL_PRESENT */
	p32(sd + 4, 48);           /* owner */
	p32(sd + 8, 64);           /* group */
	p32(sd + 12, 0);           /* no SACL */
	p32(sd + 16, 20);          /* DACL */
	uint8_t *acl = sd + 20;
	acl[0] = 2;                /* ACL revision */
	p16(acl + 2, 28);          /* ACL size */
	p16(acl + 4, 1);           /* one ACE */
	uint8_t *ace = acl + 8;
	ace[0] = 0;                /* ACCESS_ALLOWED */
	ace[1] = 2;                /* CONTAINER_INHERIT */
	p16(ace + 2, 20);
	p32(ace + 4, 0xF003F);     /* KEY_ALL_ACCESS */
	memcpy(ace + 8, everyone, 12);
	memcpy(sd + 48, admins, 16);
	memcpy(sd + 64, system, 12);
	return 76;
}

/* Minimal regf hive: root key "NewStoreRoot", no subkeys/values. */
uint8_t *bcd_empty_hive(size_t *len)
{
	const size_t total = 0x2000;
	uint8_t *h = calloc(1, total);
	if (!h) return NULL;
	/* base block */
	memcpy(h, "regf", 4);
	p32(h + 0x04, 1);          /* sequence 1 */
	p32(h + 0x08, 1);          /* sequence 2 (equal: clean) */
	p32(h + 0x14, 1);          /* major */
	p32(h + 0x18, 3);          /* minor */
	p32(h + 0x1C, 0);          /* primary file */
	p32(h + 0x20, 1);          /* format: direct memory load */
	p32(h + 0x24, 0x20);       /* root cell offset */
	p32(h + 0x28, 0x1000);     /* hive bins size */
	p32(h + 0x2C, 1);          /* clustering factor */
	uint32_t x = 0;
	for (int i = 0; i < 0x1FC; i += 4)
		x ^= (uint32_t)h[i] | (uint32_t)h[i + 1] << 8 | (uint32_t)h[i + 2] << 16 |
		     (uint32_t)h[i + 3] << 24;
	p32(h + 0x1FC, x);
	/* hbin header */
	uint8_t *b = h + 0x1000;
	memcpy(b, "hbin", 4);
	p32(b + 4, 0);
	p32(b + 8, 0x1000);
	/* root nk at 0x20 */
	const char *name = "NewStoreRoot";
	uint16_t nlen = (uint16_t)strlen(name);
	uint32_t nk_off = 0x20, nk_size = (4 + 0x4C + nlen + 7) & ~7u;
	uint8_t *nk = b + nk_off;
	uint32_t sk_off = nk_off + nk_size;
	p32(nk, (uint32_t)-(int32_t)nk_size);
	memcpy(nk + 4, "nk", 2);
	p16(nk + 6, 0x2C);         /* HIVE_ENTRY | NO_DELETE | COMP_NAME */
	p32(nk + 4 + 0x10, 0xFFFFFFFF); /* parent: none */
	p32(nk + 4 + 0x1C, 0xFFFFFFFF); /* subkey list */
	p32(nk + 4 + 0x20, 0xFFFFFFFF); /* volatile subkey list */
	p32(nk + 4 + 0x28, 0xFFFFFFFF); /* value list */
	p32(nk + 4 + 0x2C, sk_off);
	p32(nk + 4 + 0x30, 0xFFFFFFFF); /* class name */
	p16(nk + 4 + 0x48, nlen);
	memcpy(nk + 4 + 0x4C, name, nlen);
	/* sk */
	uint8_t sd[76];
	size_t sdlen = security_descriptor(sd);
	uint32_t sk_size = (uint32_t)((4 + 0x14 + sdlen + 7) & ~7u);
	uint8_t *sk = b + sk_off;
	p32(sk, (uint32_t)-(int32_t)sk_size);
	memcpy(sk + 4, "sk", 2);
	p32(sk + 8, sk_off);       /* flink: itself */
	p32(sk + 12, sk_off);      /* blink: itself */
	p32(sk + 16, 1);           /* reference count */
	p32(sk + 20, (uint32_t)sdlen);
	memcpy(sk + 24, sd, sdlen);
	/* the rest of the bin is one free cell */
	uint32_t free_off = sk_off + sk_size;
	p32(b + free_off, 0x1000 - free_off);
	*len = total;
	return h;
}

/* ASCII -> UTF-16LE with terminating NUL; *n gets the byte count. */
static char *utf16z(const char *s, size_t *n)
{
	size_t l = strlen(s);
	char *u = calloc(l + 1, 2);
	if (!u) return NULL;
	for (size_t i = 0; i < l; i++) u[2 * i] = s[i];
	*n = 2 * (l + 1);
	return u;
}


/* Add (or get) a child key. */
hive_node_h child(struct gen *g, hive_node_h parent, const char *name)
{
	hive_node_h n = hivex_node_get_child(g->h, parent, name);
	if (!n) n = hivex_node_add_child(g->h, parent, name);
	if (!n && !g->bad) {
		fail(g->err, g->errcap, "hivex: cannot add key %s: %s", name, strerror(errno));
		g->bad = 1;
	}
	return n;
}

/* Set one value on a node. */
void setval(struct gen *g, hive_node_h node, const char *key, hive_type t,
		   const void *data, size_t len)
{
	hive_set_value v = {(char *)key, t, len, (char *)data};
	if (!node || g->bad) return;
	if (hivex_node_set_value(g->h, node, &v, 0) != 0) {
		fail(g->err, g->errcap, "hivex: cannot set %s: %s", key, strerror(errno));
		g->bad = 1;
	}
}

/* Create Objects\{guid} with Description\Type = type; returns its Elements key. */
hive_node_h object(struct gen *g, const char *guid, uint32_t type)
{
	hive_node_h o = child(g, g->objects, guid);
	hive_node_h d = child(g, o, "Description");
	uint8_t t[4];
	p32(t, type);
	setval(g, d, "Type", hive_t_REG_DWORD, t, 4);
	return child(g, o, "Elements");
}

/* Add one element with raw bytes and registry type. */
void element(struct gen *g, hive_node_h els, uint32_t code, hive_type t, const void *data,
		    size_t len)
{
	char name[9];
	snprintf(name, sizeof name, "%08x", code);
	setval(g, child(g, els, name), "Element", t, data, len);
}

/* String element (format 2) or object element (format 3): REG_SZ. */
void el_str(struct gen *g, hive_node_h els, uint32_t code, const char *s)
{
	size_t n;
	char *u = utf16z(s, &n);
	if (!u) { g->bad = 1; return; }
	element(g, els, code, hive_t_REG_SZ, u, n);
	free(u);
}

/* Object-list element (format 4) with one GUID: REG_MULTI_SZ. */
void el_list1(struct gen *g, hive_node_h els, uint32_t code, const char *guid)
{
	size_t n;
	char *u = utf16z(guid, &n);
	char *m = u ? calloc(1, n + 2) : NULL;
	if (!m) { free(u); g->bad = 1; return; }
	memcpy(m, u, n);
	element(g, els, code, hive_t_REG_MULTI_SZ, m, n + 2);
	free(m);
	free(u);
}

/* Integer element (format 5): 8-byte REG_BINARY. */
void el_int(struct gen *g, hive_node_h els, uint32_t code, uint64_t v)
{
	uint8_t b[8];
	p32(b, (uint32_t)v);
	p32(b + 4, (uint32_t)(v >> 32));
	element(g, els, code, hive_t_REG_BINARY, b, 8);
}

/* Boolean element (format 6): 1-byte REG_BINARY. */
void el_bool(struct gen *g, hive_node_h els, uint32_t code, int v)
{
	uint8_t b = v ? 1 : 0;
	element(g, els, code, hive_t_REG_BINARY, &b, 1);
}

/* Defaults: BIOS or UEFI store for \sources\boot.wim + \boot\boot.sdi. */
void bcd_model_default(struct bcd_model *m, int uefi, const char *description)
{
	memset(m, 0, sizeof *m);
	m->uefi = uefi;
	m->description = description ? description : "Windows PE";
	m->locale = "en-US";
	m->wim_path = "\\sources\\boot.wim";
	m->sdi_path = "\\boot\\boot.sdi";
	m->timeout = 0;
}

/* Populate the objects of the store (see bcdgen.h for the model). */
static void build(struct gen *g, const struct bcd_model *m)
{
	hive_node_h root = hivex_root(g->h);
	size_t n;
	char *kn = utf16z("BCD00000000", &n);
	if (!kn) { g->bad = 1; return; }
	setval(g, child(g, root, "Description"), "KeyName", hive_t_REG_SZ, kn, n);
	free(kn);
	g->objects = child(g, root, "Objects");

	/* {bootmgr}: Windows boot manager (firmware application type as on media) */
	hive_node_h e = object(g, BCD_GUID_BOOTMGR, 0x10100002);
	el_str(g, e, 0x12000004, "Windows Boot Manager");
	el_str(g, e, 0x12000005, m->locale);
	el_str(g, e, 0x23000003, BCD_GUID_LOADER);
	el_list1(g, e, 0x24000001, BCD_GUID_LOADER);
	el_int(g, e, 0x25000004, m->timeout);

	/* {ramdiskoptions}: SDI on the boot device, optional TFTP tuning */
	uint8_t bootdev[BCD_BOOTDEV_LEN];
	bcd_dev_boot(bootdev);
	e = object(g, BCD_GUID_RAMDISK, 0x30000000);
	el_str(g, e, 0x12000004, "Ramdisk Options");
	element(g, e, 0x31000003, hive_t_REG_BINARY, bootdev, sizeof bootdev);
	el_str(g, e, 0x32000004, m->sdi_path);
	if (m->tftp_blocksize) el_int(g, e, 0x35000007, m->tftp_blocksize);
	if (m->tftp_windowsize) el_int(g, e, 0x35000008, m->tftp_windowsize);

	/* OS loader: ramdisk=[boot]\sources\boot.wim,{ramdiskoptions} */
	uint8_t opt[16];
	bcd_guid_parse(BCD_GUID_RAMDISK, opt);
	size_t rlen = bcd_dev_ramdisk_len(m->wim_path);
	uint8_t *rd = malloc(rlen);
	if (!rd || bcd_dev_ramdisk(rd, opt, m->wim_path) != rlen) {
		free(rd);
		if (!g->bad) fail(g->err, g->errcap, "bad WIM path %s", m->wim_path);
		g->bad = 1;
		return;
	}
	e = object(g, BCD_GUID_LOADER, 0x10200003);
	element(g, e, 0x11000001, hive_t_REG_BINARY, rd, rlen);
	el_str(g, e, 0x12000002, m->uefi ? "\\windows\\system32\\boot\\winload.efi"
					 : "\\windows\\system32\\boot\\winload.exe");
	el_str(g, e, 0x12000004, m->description);
	el_str(g, e, 0x12000005, m->locale);
	if (m->uefi) el_bool(g, e, 0x16000060, 1);       /* isolatedcontext */
	element(g, e, 0x21000001, hive_t_REG_BINARY, rd, rlen);
	el_str(g, e, 0x22000002, "\\windows");
	el_int(g, e, 0x250000c2, 1);                     /* bootmenupolicy Standard */
	el_bool(g, e, 0x26000010, 1);                    /* detecthal */
	el_bool(g, e, 0x26000022, 1);                    /* winpe */
	free(rd);
}

/* Build callback of bcd_generate(): the single-loader model. */
static void build_model(struct gen *g, const void *ctx)
{
	build(g, ctx);
}

/* Generate a store file (see bcdgen.h). */
int bcd_generate(const char *out_path, const struct bcd_model *m, char *err, size_t errcap)
{
	return bcd_generate_with(out_path, build_model, m, err, errcap);
}

/* Start from the empty hive, let fill() add objects, commit to out_path (see bcdhive.h). */
int bcd_generate_with(const char *out_path, void (*fill)(struct gen *, const void *),
		      const void *ctx, char *err, size_t errcap)
{
	size_t len;
	uint8_t *empty = bcd_empty_hive(&len);
	char tmp[4096];
	if (!empty) return fail(err, errcap, "out of memory");
	snprintf(tmp, sizeof tmp, "%s.empty", out_path);
	FILE *f = fopen(tmp, "wb");
	if (!f || fwrite(empty, 1, len, f) != len || fclose(f) != 0) {
		free(empty);
		return fail(err, errcap, "%s: %s", tmp, strerror(errno));
	}
	free(empty);
	struct gen g = {0};
	g.err = err;
	g.errcap = errcap;
	g.h = hivex_open(tmp, HIVEX_OPEN_WRITE);
	if (!g.h) {
		int e = errno;
		unlink(tmp);
		return fail(err, errcap, "hivex cannot open the empty hive: %s", strerror(e));
	}
	fill(&g, ctx);
	if (!g.bad && hivex_commit(g.h, out_path, 0) != 0) {
		fail(err, errcap, "hivex commit %s: %s", out_path, strerror(errno));
		g.bad = 1;
	}
	hivex_close(g.h);
	unlink(tmp);
	return g.bad ? -1 : 0;
}

/* Read a REG_SZ element of an object as UTF-8 into out ("" if absent). */
static void get_str(hive_h *h, hive_node_h els, const char *code, char *out, size_t cap)
{
	out[0] = 0;
	hive_node_h n = els ? hivex_node_get_child(h, els, code) : 0;
	hive_value_h v = n ? hivex_node_get_value(h, n, "Element") : 0;
	char *s = v ? hivex_value_string(h, v) : NULL;
	if (s) snprintf(out, cap, "%s", s);
	free(s);
}

/* The Elements node of Objects\{guid}, 0 if absent. */
static hive_node_h elements_of(hive_h *h, hive_node_h objects, const char *guid)
{
	hive_node_h o = hivex_node_get_child(h, objects, guid);
	return o ? hivex_node_get_child(h, o, "Elements") : 0;
}

/* Inspect an existing store (see bcdgen.h). */
int bcd_inspect(const char *path, struct bcd_info *info, char *err, size_t errcap)
{
	memset(info, 0, sizeof *info);
	hive_h *h = hivex_open(path, 0);
	if (!h) return fail(err, errcap, "%s: not a registry hive (%s)", path, strerror(errno));
	int rc = -1;
	hive_node_h objects = hivex_node_get_child(h, hivex_root(h), "Objects");
	hive_node_h bm = objects ? elements_of(h, objects, BCD_GUID_BOOTMGR) : 0;
	if (!objects || !bm) {
		fail(err, errcap, "%s: no {bootmgr} object", path);
		goto out;
	}
	info->has_bootmgr = 1;
	get_str(h, bm, "23000003", info->default_guid, sizeof info->default_guid);
	for (char *p = info->default_guid; *p; p++)
		if (*p >= 'A' && *p <= 'F') *p = (char)(*p - 'A' + 'a');
	hive_node_h ld = info->default_guid[0] ? elements_of(h, objects, info->default_guid) : 0;
	if (!ld) {
		fail(err, errcap, "%s: {bootmgr} has no usable default object", path);
		goto out;
	}
	get_str(h, ld, "12000002", info->loader_path, sizeof info->loader_path);
	size_t pl = strlen(info->loader_path);
	info->uefi = pl > 4 && strcasecmp(info->loader_path + pl - 4, ".efi") == 0;
	hive_node_h dn = hivex_node_get_child(h, ld, "11000001");
	hive_value_h dv = dn ? hivex_node_get_value(h, dn, "Element") : 0;
	hive_type t;
	size_t len = 0;
	char *blob = dv ? hivex_value_value(h, dv, &t, &len) : NULL;
	uint8_t og[16];
	if (!blob || bcd_dev_ramdisk_parse((uint8_t *)blob, len, og, info->ramdisk_path,
					   sizeof info->ramdisk_path) != 0) {
		free(blob);
		fail(err, errcap, "%s: default object does not boot a [boot] RAM disk", path);
		goto out;
	}
	free(blob);
	char gs[39];
	bcd_guid_format(og, gs);
	hive_node_h oe = elements_of(h, objects, gs);
	if (oe) get_str(h, oe, "32000004", info->sdi_path, sizeof info->sdi_path);
	rc = 0;
out:
	hivex_close(h);
	return rc;
}
