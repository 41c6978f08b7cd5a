/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_hive.c - core/hive.c on stores made by prep-tftproot's generator
 * (hivex): key paths, values, a value grown into a new hbin read back by
 * hivex, and every single-byte corruption of the hbin area rejected or
 * survived without reading outside the buffer.
 */
#include <unistd.h>
#include <hivex.h>
#include "harness.h"
#include "hive.h"
#include "../../host-tools/prep-tftproot/bcdgen.h"

static uint8_t *store;
static size_t store_len;

/* Generate a BIOS store (timeout 30) into memory. */
static int make_store(void)
{
	struct bcd_model m;
	char err[256], path[] = "/tmp/test_hive.XXXXXX";
	int fd = mkstemp(path);
	FILE *f;

	if (fd < 0)
		return -1;
	close(fd);
	bcd_model_default(&m, 0, "PE");
	m.timeout = 30;
	if (bcd_generate(path, &m, err, sizeof(err)))
		return -1;
	f = fopen(path, "rb");
	fseek(f, 0, SEEK_END);
	store_len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	store = malloc(store_len);
	if (fread(store, 1, store_len, f) != store_len)
		return -1;
	fclose(f);
	unlink(path);
	return 0;
}

/* Paths, values and their bytes. */
static int test_read(void)
{
	int h_bad = 0;
	struct hive h;
	struct wp_err err;
	struct hive_value v;
	uint32_t k;
	uint8_t buf[256];
	uint8_t *copy = malloc(store_len);
	long n;
	char s[128];
	size_t i;

	memcpy(copy, store, store_len);
	EXPECT(!hive_open(&h, copy, store_len, "t", &err), "%s", err.msg);
	EXPECT(!hive_path(&h, h.root, "Objects\\{7619DCC9-FAFE-11D9-B411-000476EBA25F}\\Elements\\12000002", &k, &err), "%s", err.msg);
	EXPECT(!hive_value(&h, k, "Element", &v, &err), "%s", err.msg);
	EXPECT(v.type == HIVE_REG_SZ, "type %u", v.type);
	n = hive_value_read(&h, &v, buf, sizeof(buf), &err);
	for (i = 0; n > 0 && i < (size_t)n / 2 && i < sizeof(s) - 1; i++)
		s[i] = (char)buf[2 * i];
	s[i] = 0;
	EXPECT(!strcmp(s, "\\windows\\system32\\boot\\winload.exe"), "path '%s'", s);
	EXPECT(!hive_path(&h, h.root, "Objects\\{9dea862c-5cdd-4e70-acc1-f32b344d4795}\\Description", &k, &err), "%s", err.msg);
	EXPECT(!hive_value(&h, k, "Type", &v, &err) && v.type == HIVE_REG_DWORD && v.len == 4 &&
	       v.inline_data && hive_value_read(&h, &v, buf, 4, &err) == 4 && wp_le32(buf) == 0x10100002,
	       "bootmgr type");
	EXPECT(hive_path(&h, h.root, "Objects\\{nope}", &k, &err) == WP_ENOENT, "missing key");
	EXPECT(hive_value(&h, k, "Nope", &v, &err) == WP_ENOENT, "missing value");
	EXPECT(hive_checksum(store) == wp_le32(store + 0x1FC), "generator checksum");
	free(copy);
	return h_bad;
}

/* Grow a value past its cell: a new hbin, read back by hivex. */
static int test_grow(void)
{
	int h_bad = 0;
	struct hive h;
	struct wp_err err;
	struct hive_value v;
	uint32_t k;
	uint8_t *copy = malloc(store_len), big[3000];
	char path[] = "/tmp/test_hive_w.XXXXXX";
	int fd = mkstemp(path);
	hive_h *hx;
	size_t i;

	memcpy(copy, store, store_len);
	for (i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7);
	EXPECT(!hive_open(&h, copy, store_len, "t", &err), "%s", err.msg);
	EXPECT(!hive_path(&h, h.root, "Objects\\{7619dcc9-fafe-11d9-b411-000476eba25f}\\Elements\\11000001", &k, &err), "%s", err.msg);
	EXPECT(!hive_value(&h, k, "Element", &v, &err), "%s", err.msg);
	EXPECT(!hive_value_write(&h, &v, big, sizeof(big), &err), "%s", err.msg);
	hive_finish(&h);
	EXPECT(h.len == store_len + 4096, "len %zu", h.len);
	EXPECT(hive_checksum(h.data) == wp_le32(h.data + 0x1FC), "checksum");
	EXPECT(write(fd, h.data, h.len) == (ssize_t)h.len, "write");
	close(fd);
	hx = hivex_open(path, 0);
	EXPECT(hx != NULL, "hivex_open");
	if (hx) {
		hive_node_h n = hivex_root(hx);
		const char *p[] = { "Objects", "{7619dcc9-fafe-11d9-b411-000476eba25f}", "Elements", "11000001" };
		hive_type t;
		size_t len = 0;
		char *val;
		for (i = 0; i < 4 && n; i++)
			n = hivex_node_get_child(hx, n, p[i]);
		val = n ? hivex_value_value(hx, hivex_node_get_value(hx, n, "Element"), &t, &len) : NULL;
		EXPECT(val && len == sizeof(big) && !memcmp(val, big, len), "hivex reads the grown value");
		free(val);
		hivex_close(hx);
	}
	unlink(path);
	free(h.data);
	return h_bad;
}

/* Every single-byte change of the hbin area: no crash, and errors are errors. */
static int test_corrupt(void)
{
	int h_bad = 0;
	uint8_t *copy = malloc(store_len);
	size_t i, limit = store_len < 0x3000 ? store_len : 0x3000;
	unsigned ok = 0, rej = 0;
	static const uint8_t vals[] = { 0x00, 0xFF, 0x80, 0x7F };
	unsigned j;

	for (i = 0; i < limit; i++) {
		for (j = 0; j < sizeof(vals); j++) {
			struct hive h;
			struct wp_err err;
			struct hive_value v;
			uint32_t k;
			uint8_t buf[64];

			memcpy(copy, store, store_len);
			copy[i] = vals[j];
			if (hive_open(&h, copy, store_len, "t", &err) ||
			    hive_path(&h, h.root, "Objects\\{7619dcc9-fafe-11d9-b411-000476eba25f}\\Elements\\12000002", &k, &err) ||
			    hive_value(&h, k, "Element", &v, &err) ||
			    hive_value_read(&h, &v, buf, sizeof(buf), &err) < 0) {
				rej++;
				EXPECT(err.code < 0 && err.msg[0], "error without message at %zu", i);
			} else {
				ok++;
			}
		}
	}
	EXPECT(rej > 0 && ok > 0, "ok %u rejected %u", ok, rej);
	/* truncations */
	for (i = 0; i < store_len; i += 512) {
		struct hive h;
		struct wp_err err;
		memcpy(copy, store, i);
		if (!hive_open(&h, copy, i, "t", &err))
			EXPECT(h.bins_end <= i, "truncated to %zu accepted", i);
	}
	free(copy);
	return h_bad;
}

int main(void)
{
	if (make_store()) {
		printf("FAIL test_hive: cannot generate a store\n");
		return 1;
	}
	RUN(test_read);
	RUN(test_grow);
	RUN(test_corrupt);
	free(store);
	return H_DONE();
}
