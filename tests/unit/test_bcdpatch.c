/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_bcdpatch.c - core/bcdpatch.c on stores made by prep-tftproot's
 * generator, read back with hivex (bcd_inspect): .exe <-> .efi, the RAM-disk
 * path with exact device bytes, timeout 0, a two-entry display order reduced
 * to the default, checksum and sequence numbers, and no change when nothing
 * needs changing.
 */
#include <unistd.h>
#include <hivex.h>
#include "harness.h"
#include "bcdpatch.h"
#include "hive.h"
#include "../../host-tools/prep-tftproot/bcdgen.h"
#include "../../host-tools/prep-tftproot/bcddev.h"

/* Generate a store into memory (uefi, timeout); two display entries when two. */
static uint8_t *make_store(int uefi, unsigned timeout, int two, size_t *len)
{
	struct bcd_model m;
	char err[256], path[] = "/tmp/test_bcdp.XXXXXX";
	int fd = mkstemp(path);
	uint8_t *d;
	FILE *f;

	close(fd);
	bcd_model_default(&m, uefi, "PE");
	m.timeout = timeout;
	if (bcd_generate(path, &m, err, sizeof(err)))
		return NULL;
	if (two) {
		hive_h *h = hivex_open(path, HIVEX_OPEN_WRITE);
		hive_node_h n = hivex_root(h);
		const char *p[] = { "Objects", BCD_GUID_BOOTMGR, "Elements", "24000001" };
		static const char list[] = "{b2721d73-1db4-4c62-bf78-c548a880142d}\0" BCD_GUID_LOADER "\0";
		char u16[2 * sizeof(list)];
		hive_set_value v;
		size_t i;

		for (i = 0; i < sizeof(list); i++) {
			u16[2 * i] = list[i];
			u16[2 * i + 1] = 0;
		}
		for (i = 0; i < 4; i++)
			n = hivex_node_get_child(h, n, p[i]);
		v.key = (char *)"Element";
		v.t = hive_t_REG_MULTI_SZ;
		v.len = 2 * sizeof(list);
		v.value = u16;
		hivex_node_set_value(h, n, &v, 0);
		hivex_commit(h, NULL, 0);
		hivex_close(h);
	}
	f = fopen(path, "rb");
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	d = malloc(*len);
	if (fread(d, 1, *len, f) != *len)
		d = NULL;
	fclose(f);
	unlink(path);
	return d;
}

/* Inspect a store in memory with hivex (through a file). */
static int inspect(const uint8_t *d, size_t len, struct bcd_info *info)
{
	char err[256], path[] = "/tmp/test_bcdp_r.XXXXXX";
	int fd = mkstemp(path), rc;

	rc = write(fd, d, len) == (ssize_t)len ? 0 : -1;
	close(fd);
	if (!rc)
		rc = bcd_inspect(path, info, err, sizeof(err));
	unlink(path);
	return rc;
}

/* Read element code of object guid as raw bytes with our reader. */
static long element(uint8_t *d, size_t len, const char *guid, const char *code,
		    uint8_t *buf, size_t cap)
{
	struct hive h;
	struct wp_err err;
	struct hive_value v;
	uint32_t k;
	char p[128];

	snprintf(p, sizeof(p), "Objects\\%s\\Elements\\%s", guid, code);
	if (hive_open(&h, d, len, "t", &err) || hive_path(&h, h.root, p, &k, &err) ||
	    hive_value(&h, k, "Element", &v, &err))
		return -1;
	return hive_value_read(&h, &v, buf, cap, &err);
}

/* BIOS store for UEFI: paths, device, timeout, display order, checksum. */
static int test_bios_to_efi(void)
{
	int h_bad = 0;
	size_t len;
	uint8_t *d = make_store(0, 30, 1, &len), buf[512], want[512], g[16];
	struct bcdpatch_stats st;
	struct bcd_info info;
	struct wp_err err;
	long n;

	EXPECT(d != NULL, "store");
	if (!d)
		return h_bad;
	EXPECT(!bcdpatch(&d, &len, true, "\\sources\\winpe-x64.wim", &st, &err), "%s", err.msg);
	EXPECT(st.paths == 1 && st.devices == 2 && st.timeouts == 1 && st.orders == 1,
	       "stats %u %u %u %u", st.paths, st.devices, st.timeouts, st.orders);
	EXPECT(!inspect(d, len, &info), "inspect");
	EXPECT(!strcmp(info.loader_path, "\\windows\\system32\\boot\\winload.efi"), "%s", info.loader_path);
	EXPECT(!strcmp(info.ramdisk_path, "\\sources\\winpe-x64.wim"), "%s", info.ramdisk_path);
	EXPECT(info.uefi == 1, "uefi");
	bcd_guid_parse(BCD_GUID_RAMDISK, g);
	n = element(d, len, BCD_GUID_LOADER, "21000001", buf, sizeof(buf));
	EXPECT(n == (long)bcd_dev_ramdisk_len("\\sources\\winpe-x64.wim") &&
	       bcd_dev_ramdisk(want, g, "\\sources\\winpe-x64.wim") == (size_t)n &&
	       !memcmp(buf, want, (size_t)n), "osdevice bytes (n %ld)", n);
	n = element(d, len, BCD_GUID_BOOTMGR, "25000004", buf, sizeof(buf));
	EXPECT(n == 8 && !memcmp(buf, "\0\0\0\0\0\0\0\0", 8), "timeout");
	n = element(d, len, BCD_GUID_BOOTMGR, "24000001", buf, sizeof(buf));
	EXPECT(n == 2 * 38 + 4, "display order length %ld", n);
	EXPECT(hive_checksum(d) == wp_le32(d + 0x1FC), "checksum");
	EXPECT(wp_le32(d + 4) == wp_le32(d + 8), "sequence numbers");
	/* and back for BIOS */
	EXPECT(!bcdpatch(&d, &len, false, "\\sources\\winpe-x64.wim", &st, &err), "%s", err.msg);
	EXPECT(st.paths == 1 && !st.devices && !st.timeouts && !st.orders, "second pass");
	EXPECT(!inspect(d, len, &info) && !strcmp(info.loader_path,
	       "\\windows\\system32\\boot\\winload.exe"), "%s", info.loader_path);
	free(d);
	return h_bad;
}

/* Nothing to change: identical bytes; a bare WIM name means \sources\NAME. */
static int test_noop(void)
{
	int h_bad = 0;
	size_t len, len0;
	uint8_t *d = make_store(1, 0, 0, &len), *orig;
	struct bcdpatch_stats st;
	struct wp_err err;

	EXPECT(d != NULL, "store");
	if (!d)
		return h_bad;
	orig = malloc(len);
	memcpy(orig, d, len);
	len0 = len;
	EXPECT(!bcdpatch(&d, &len, true, "BOOT.WIM", &st, &err), "%s", err.msg);
	EXPECT(len == len0 && !memcmp(d, orig, len), "bytes changed");
	EXPECT(!st.paths && !st.devices && !st.timeouts && !st.orders, "stats");
	/* not a hive */
	memset(d, 0, 16);
	EXPECT(bcdpatch(&d, &len, true, "boot.wim", &st, &err) == WP_EFORMAT, "garbage accepted");
	free(d);
	free(orig);
	return h_bad;
}

int main(void)
{
	RUN(test_bios_to_efi);
	RUN(test_noop);
	return H_DONE();
}
