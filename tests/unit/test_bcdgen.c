/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_bcdgen.c - generated BIOS/UEFI BCD stores (prep-tftproot/bcdgen.c) read
 * back with hivex: every object, type, element code, registry type and byte.
 */
#include "harness.h"
#include "../../host-tools/prep-tftproot/bcddev.h"
#include "../../host-tools/prep-tftproot/bcdgen.h"
#include <hivex.h>
#include <stdint.h>
#include <unistd.h>

/* One expected element. */
struct want {
	const char *obj;
	const char *code;
	hive_type t;
	size_t len;
	const uint8_t *bytes;
};

/* UTF-16LE + NUL of ASCII s into buf; returns the length. */
static size_t u16(uint8_t *buf, const char *s)
{
	size_t i;
	for (i = 0; s[i]; i++) { buf[2 * i] = (uint8_t)s[i]; buf[2 * i + 1] = 0; }
	buf[2 * i] = buf[2 * i + 1] = 0;
	return 2 * i + 2;
}

/* Compare one element of the hive with the expectation. */
static int check_el(hive_h *h, hive_node_h objects, const struct want *w)
{
	int h_bad = 0;
	hive_node_h o = hivex_node_get_child(h, objects, w->obj);
	hive_node_h e = o ? hivex_node_get_child(h, o, "Elements") : 0;
	hive_node_h c = e ? hivex_node_get_child(h, e, w->code) : 0;
	hive_value_h v = c ? hivex_node_get_value(h, c, "Element") : 0;
	EXPECT(v != 0, "%s %s missing", w->obj, w->code);
	if (!v) return h_bad;
	hive_type t;
	size_t len;
	char *d = hivex_value_value(h, v, &t, &len);
	EXPECT(t == w->t, "%s %s type %d want %d", w->obj, w->code, (int)t, (int)w->t);
	EXPECT(len == w->len && d && !memcmp(d, w->bytes, len), "%s %s bytes differ (len %zu want %zu)",
	       w->obj, w->code, len, w->len);
	free(d);
	return h_bad;
}

/* Count the element subkeys of an object. */
static size_t n_elements(hive_h *h, hive_node_h objects, const char *obj)
{
	hive_node_h o = hivex_node_get_child(h, objects, obj);
	hive_node_h e = o ? hivex_node_get_child(h, o, "Elements") : 0;
	hive_node_h *kids = e ? hivex_node_children(h, e) : NULL;
	size_t n = 0;
	while (kids && kids[n]) n++;
	free(kids);
	return n;
}

/* DWORD Description\Type of an object. */
static uint32_t obj_type(hive_h *h, hive_node_h objects, const char *obj)
{
	hive_node_h o = hivex_node_get_child(h, objects, obj);
	hive_node_h d = o ? hivex_node_get_child(h, o, "Description") : 0;
	hive_value_h v = d ? hivex_node_get_value(h, d, "Type") : 0;
	return v ? (uint32_t)hivex_value_dword(h, v) : 0;
}

/* Generate and verify one store. */
static int check_store(int uefi)
{
	int h_bad = 0;
	char path[] = "/tmp/test_bcdgen.XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	struct bcd_model m;
	char err[256];
	bcd_model_default(&m, uefi, "Windows PE (t)");
	EXPECT(bcd_generate(path, &m, err, sizeof err) == 0, "generate: %s", err);
	hive_h *h = hivex_open(path, 0);
	EXPECT(h != NULL, "hivex_open");
	if (!h) { unlink(path); return h_bad; }
	hive_node_h root = hivex_root(h);
	hive_node_h desc = hivex_node_get_child(h, root, "Description");
	hive_value_h kn = desc ? hivex_node_get_value(h, desc, "KeyName") : 0;
	char *kns = kn ? hivex_value_string(h, kn) : NULL;
	EXPECT(kns && !strcmp(kns, "BCD00000000"), "KeyName %s", kns ? kns : "(none)");
	free(kns);
	hive_node_h objects = hivex_node_get_child(h, root, "Objects");
	hive_node_h *kids = hivex_node_children(h, objects);
	size_t nobj = 0;
	while (kids && kids[nobj]) nobj++;
	free(kids);
	EXPECT(nobj == 3, "%zu objects", nobj);
	EXPECT(obj_type(h, objects, BCD_GUID_BOOTMGR) == 0x10100002, "bootmgr type");
	EXPECT(obj_type(h, objects, BCD_GUID_RAMDISK) == 0x30000000, "ramdisk type");
	EXPECT(obj_type(h, objects, BCD_GUID_LOADER) == 0x10200003, "loader type");

	/* expected bytes */
	uint8_t s_bm[64], s_loc[16], s_def[96], l_def[96], s_rd[64], s_sdi[64], s_path[96], s_desc[64],
		s_root[32], bootdev[88], rd[256], opt[16];
	uint8_t zero8[8] = {0}, one8[8] = {1}, one1[1] = {1};
	size_t n_bm = u16(s_bm, "Windows Boot Manager"), n_loc = u16(s_loc, "en-US");
	size_t n_def = u16(s_def, BCD_GUID_LOADER);
	memcpy(l_def, s_def, n_def);
	l_def[n_def] = l_def[n_def + 1] = 0;
	size_t n_rd = u16(s_rd, "Ramdisk Options"), n_sdi = u16(s_sdi, "\\boot\\boot.sdi");
	size_t n_path = u16(s_path, uefi ? "\\windows\\system32\\boot\\winload.efi"
					 : "\\windows\\system32\\boot\\winload.exe");
	size_t n_desc = u16(s_desc, "Windows PE (t)"), n_root = u16(s_root, "\\windows");
	bcd_dev_boot(bootdev);
	bcd_guid_parse(BCD_GUID_RAMDISK, opt);
	size_t n_rdev = bcd_dev_ramdisk(rd, opt, "\\sources\\boot.wim");
	/* the device element: the documented 176-byte layout with {ramdiskoptions} */
	EXPECT(n_rdev == 176 && rd[0] == 0xe0 && rd[1] == 0x34 && rd[2] == 0x55 && rd[3] == 0xae &&
	       rd[0x18] == 0xa0 && rd[0x3C] == 0x78 && rd[0x44] == 5 && rd[0x8C] == '\\',
	       "ramdisk device layout");
	const struct want w[] = {
		{BCD_GUID_BOOTMGR, "12000004", hive_t_REG_SZ, n_bm, s_bm},
		{BCD_GUID_BOOTMGR, "12000005", hive_t_REG_SZ, n_loc, s_loc},
		{BCD_GUID_BOOTMGR, "23000003", hive_t_REG_SZ, n_def, s_def},
		{BCD_GUID_BOOTMGR, "24000001", hive_t_REG_MULTI_SZ, n_def + 2, l_def},
		{BCD_GUID_BOOTMGR, "25000004", hive_t_REG_BINARY, 8, zero8},
		{BCD_GUID_RAMDISK, "12000004", hive_t_REG_SZ, n_rd, s_rd},
		{BCD_GUID_RAMDISK, "31000003", hive_t_REG_BINARY, 88, bootdev},
		{BCD_GUID_RAMDISK, "32000004", hive_t_REG_SZ, n_sdi, s_sdi},
		{BCD_GUID_LOADER, "11000001", hive_t_REG_BINARY, n_rdev, rd},
		{BCD_GUID_LOADER, "21000001", hive_t_REG_BINARY, n_rdev, rd},
		{BCD_GUID_LOADER, "12000002", hive_t_REG_SZ, n_path, s_path},
		{BCD_GUID_LOADER, "12000004", hive_t_REG_SZ, n_desc, s_desc},
		{BCD_GUID_LOADER, "12000005", hive_t_REG_SZ, n_loc, s_loc},
		{BCD_GUID_LOADER, "22000002", hive_t_REG_SZ, n_root, s_root},
		{BCD_GUID_LOADER, "250000c2", hive_t_REG_BINARY, 8, one8},
		{BCD_GUID_LOADER, "26000010", hive_t_REG_BINARY, 1, one1},
		{BCD_GUID_LOADER, "26000022", hive_t_REG_BINARY, 1, one1},
		{BCD_GUID_LOADER, "16000060", hive_t_REG_BINARY, 1, one1}, /* UEFI only */
	};
	size_t nw = sizeof w / sizeof w[0] - (uefi ? 0 : 1);
	for (size_t i = 0; i < nw; i++) h_bad += check_el(h, objects, &w[i]);
	EXPECT(n_elements(h, objects, BCD_GUID_BOOTMGR) == 5, "bootmgr element count");
	EXPECT(n_elements(h, objects, BCD_GUID_RAMDISK) == 3, "ramdisk element count");
	EXPECT(n_elements(h, objects, BCD_GUID_LOADER) == (uefi ? 10u : 9u), "loader element count");
	hivex_close(h);

	struct bcd_info bi;
	EXPECT(bcd_inspect(path, &bi, err, sizeof err) == 0, "inspect: %s", err);
	EXPECT(!strcmp(bi.ramdisk_path, "\\sources\\boot.wim") && !strcmp(bi.sdi_path, "\\boot\\boot.sdi") &&
	       bi.uefi == uefi && !strcmp(bi.default_guid, BCD_GUID_LOADER), "inspect facts");
	unlink(path);
	return h_bad;
}

/* BIOS store. */
static int test_bios_store(void) { return check_store(0); }
/* UEFI store. */
static int test_uefi_store(void) { return check_store(1); }

/* The empty hive: header checksum and what hivex needs. */
static int test_empty_hive(void)
{
	int h_bad = 0;
	size_t len;
	uint8_t *b = bcd_empty_hive(&len);
	EXPECT(b && len == 0x2000 && !memcmp(b, "regf", 4) && !memcmp(b + 0x1000, "hbin", 4), "layout");
	uint32_t x = 0;
	for (int i = 0; i < 0x1FC; i += 4) x ^= (uint32_t)(b[i] | b[i + 1] << 8 | b[i + 2] << 16 | (uint32_t)b[i + 3] << 24);
	EXPECT(x == (uint32_t)(b[0x1FC] | b[0x1FD] << 8 | b[0x1FE] << 16 | (uint32_t)b[0x1FF] << 24), "checksum");
	free(b);
	return h_bad;
}

/* Two generations give identical bytes (re-runs leave the tree unchanged). */
static int test_deterministic(void)
{
	int h_bad = 0;
	char a[] = "/tmp/test_bcdgen.a.XXXXXX", b[] = "/tmp/test_bcdgen.b.XXXXXX", err[256];
	close(mkstemp(a));
	close(mkstemp(b));
	struct bcd_model m;
	bcd_model_default(&m, 0, "x");
	EXPECT(bcd_generate(a, &m, err, sizeof err) == 0 && bcd_generate(b, &m, err, sizeof err) == 0, "gen");
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	int same = fa && fb;
	for (int c; same && (c = fgetc(fa)) != EOF;) same = c == fgetc(fb);
	if (same) same = fgetc(fb) == EOF;
	EXPECT(same, "outputs differ");
	if (fa) fclose(fa);
	if (fb) fclose(fb);
	unlink(a);
	unlink(b);
	return h_bad;
}

int main(void)
{
	RUN(test_empty_hive);
	RUN(test_bios_store);
	RUN(test_uefi_store);
	RUN(test_deterministic);
	return H_DONE();
}
