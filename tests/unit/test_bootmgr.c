/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_bootmgr.c - bootmgr_extract on synthetic containers (LZNT1 and XCA
 * payloads, the XCA one > 128 KiB so several 64 KiB tables are used),
 * decoy candidates, and malformed containers.
 */
#include "bootmgr.h"
#include "harness.h"
#include "mk_container.c"

static int h_bad;

/* Extract from a container built with fmt, stub_len, pad; compare bytes. */
static int roundtrip(int fmt, size_t n, size_t stub, size_t pad)
{
	uint8_t *pe = malloc(n), *c, *exe = NULL;
	size_t len, exe_len = 0, off = 0;
	enum bootmgr_fmt f = 0;
	struct wp_err err = { 0, "" };
	int rc, bad = 0;

	mk_pe(pe, n, (uint32_t)(n + fmt));
	c = mk_container(fmt, pe, n, stub, pad, &len);
	rc = bootmgr_extract("bootmgr", c, len, &exe, &exe_len, &f, &off, &err);
	if (rc || exe_len != n || memcmp(exe, pe, n) || (int)f != fmt || off != stub) {
		printf("  fmt %d n %zu stub %zu: rc %d (%s) len %zu fmt %d off %zu\n", fmt, n,
		       stub, rc, err.msg, exe_len, f, off);
		bad = 1;
	}
	free(exe);
	free(c);
	free(pe);
	return bad;
}

/* LZNT1 and XCA containers unpack byte-exact. */
static int test_extract(void)
{
	int bad0 = h_bad;

	h_bad += roundtrip(1, 150000, 16384, 16384);
	h_bad += roundtrip(1, 4096 * 3, 16384 + 4096, 20000);
	h_bad += roundtrip(2, 300000, 16384, 16384);	/* 5 XCA blocks */
	h_bad += roundtrip(2, 140000, 16384 + 8, 17000);	/* 8-aligned only */
	h_bad += roundtrip(2, 65536, 16384 + 1024, 16384);
	return h_bad - bad0;
}

/* A decoy LZNT1 candidate before the payload is skipped. */
static int test_decoy(void)
{
	size_t n = 50000, len, exe_len, off = 0;
	uint8_t *pe = malloc(n), *c, *exe = NULL;
	int bad0 = h_bad, rc;

	mk_pe(pe, n, 77);
	c = mk_container(1, pe, n, 16384 + 512, 16384, &len);
	/* at 16384: looks like LZNT1 ("MZ" literals) but the header is bad */
	c[16384] = 0xFF;
	c[16385] = 0x7F;	/* signature 7 */
	c[16386] = 0x00;
	c[16387] = 'M';
	c[16388] = 'Z';
	rc = bootmgr_extract("decoy", c, len, &exe, &exe_len, NULL, &off, NULL);
	EXPECT(rc == 0 && exe_len == n && !memcmp(exe, pe, n) && off == 16384 + 512,
	       "rc %d off %zu", rc, off);
	free(exe);
	free(c);
	free(pe);
	return h_bad - bad0;
}

/* Malformed containers fail with a message naming the file, and never crash. */
static int test_malformed(void)
{
	size_t n = 140000, len, exe_len, cut;
	uint8_t *pe = malloc(n), *c, *exe;
	struct wp_err err = { 0, "" };
	int bad0 = h_bad, rc, fmt;
	uint32_t s = 9;

	c = calloc(1, 100000);
	rc = bootmgr_extract("zeros.bin", c, 100000, &exe, &exe_len, NULL, NULL, &err);
	EXPECT(rc == WP_ENOENT && strstr(err.msg, "zeros.bin"), "zeros: rc %d %s", rc, err.msg);
	rc = bootmgr_extract("short", c, 1000, &exe, &exe_len, NULL, NULL, &err);
	EXPECT(rc == WP_ENOENT && exe == NULL, "short: rc %d", rc);
	for (cut = 0; cut < 100000; cut++)
		c[cut] = (uint8_t)(td_rand(&s) >> 24);
	rc = bootmgr_extract("random", c, 100000, &exe, &exe_len, NULL, NULL, &err);
	EXPECT(rc == WP_ENOENT, "random: rc %d", rc);
	free(c);
	mk_pe(pe, n, 5);
	for (fmt = 1; fmt <= 2; fmt++) {
		c = mk_container(fmt, pe, n, 16384, 16384, &len);
		/* truncations: either nothing found or a prefix of the PE (LZNT1 chunk ends) */
		for (cut = 16384 * 2; cut < len; cut += 7919) {
			rc = bootmgr_extract("cut", c, cut, &exe, &exe_len, NULL, NULL, &err);
			if (cut >= len - 16384)	/* only padding cut: still complete */
				EXPECT(rc == 0 && exe_len == n && !memcmp(exe, pe, n),
				       "fmt %d cut %zu in padding: rc %d", fmt, cut, rc);
			else
				EXPECT(rc == WP_ENOENT ||
				       (rc == 0 && exe_len < n && !memcmp(exe, pe, exe_len)),
				       "fmt %d cut %zu: rc %d len %zu", fmt, cut, rc, exe_len);
			if (!rc)
				free(exe);
		}
		/* payload corruption: a clean error or some output, never a crash */
		for (cut = 0; cut < 40; cut++) {
			uint8_t keep;
			size_t at = 16384 + td_rand(&s) % (len - 2 * 16384);
			keep = c[at];
			c[at] ^= (uint8_t)(1 + td_rand(&s) % 255);
			rc = bootmgr_extract("corrupt", c, len, &exe, &exe_len, NULL, NULL, &err);
			EXPECT(rc == 0 || rc == WP_ENOENT, "corrupt: rc %d", rc);
			if (!rc)
				free(exe);
			c[at] = keep;
		}
		free(c);
	}
	free(pe);
	return h_bad - bad0;
}

int main(void)
{
	RUN(test_extract);
	RUN(test_decoy);
	RUN(test_malformed);
	return H_DONE();
}
