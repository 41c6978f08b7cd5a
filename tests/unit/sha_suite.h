/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sha_suite.h - the tests test_sha1 and test_sha256 run alike, written once
 * for the hash the including file names: the FIPS 180 vectors, one million
 * 'a', every split point, the host's <hash>sum on pseudo-random files of many
 * lengths (every length 0..200, across the 55/56/64-byte padding boundaries,
 * plus larger ones; one-shot and in random pieces), a flipped bit, both
 * block paths agreeing, each on both paths (sha_paths.h).
 *
 * Before including, the test file defines h_bad, includes harness.h, the
 * hash's header and sha_path.h, and defines:
 *   SHA_ALG        the function prefix (sha1: sha1(), struct sha1_ctx, ...),
 *                  also the member of the digest tables below (sha1, sha256)
 *   SHA_LEN        the digest size in bytes
 * Its main() returns sha_suite_main().
 */
#ifndef TEST_SHA_SUITE_H
#define TEST_SHA_SUITE_H
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "sha_paths.h"
#include "testdata.h"

#define SHA_CAT_(a, b) a##b
#define SHA_CAT(a, b) SHA_CAT_(a, b)
#define SHA_STR_(a) #a
#define SHA_STR(a) SHA_STR_(a)
#define SHA_FN(suffix) SHA_CAT(SHA_ALG, suffix) /* SHA_FN(_init): sha1_init */
#define SHA_NAME SHA_STR(SHA_ALG)               /* "sha1" */
#define SHA_HEX (2 * SHA_LEN + 1)               /* a digest in hex, with its NUL */

typedef struct SHA_FN(_ctx) sha_ctx;

/* FIPS 180-2 appendix B messages plus the empty message, with their digests. */
static const struct {
	const char *msg, *sha1, *sha256;
} sha_fips[] = {
	{ "", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
	  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", "a9993e364706816aba3e25717850c26c9cd0d89d",
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "a49b2446a02c645bf419f995b67091253a04a259",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
};

/* The digests of one million 'a'. */
static const struct {
	const char *sha1, *sha256;
} sha_million_a = {
	"34aa973cd4c4daa4f61eeb2bdbad27316534016f",
	"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
};

/* Hex-encode a digest into out (2*n+1 bytes). */
static void hex(const uint8_t *d, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

/* One-shot digest of a buffer as lowercase hex. */
static void digest_hex(const void *p, size_t n, char out[SHA_HEX])
{
	uint8_t d[SHA_LEN];

	SHA_ALG(p, n, d);
	hex(d, SHA_LEN, out);
}

/* Deterministic random numbers (testdata.h's xorshift32), so failures reproduce. */
static uint32_t rng = 0x12345678;
static uint32_t rnd(void)
{
	return td_rand(&rng);
}

/* FIPS 180-2 appendix B vectors plus the empty message. */
static int test_fips_vectors(void)
{
	char got[SHA_HEX];
	size_t i;

	h_bad = 0;
	for (i = 0; i < sizeof(sha_fips) / sizeof(sha_fips[0]); i++) {
		digest_hex(sha_fips[i].msg, strlen(sha_fips[i].msg), got);
		EXPECT(strcmp(got, sha_fips[i].SHA_ALG) == 0, "'%s': got %s want %s",
		       sha_fips[i].msg, got, sha_fips[i].SHA_ALG);
	}
	return h_bad;
}

/* One million 'a': one-shot and fed in 1000-byte and odd-sized pieces. */
static int test_million_a(void)
{
	const char *want = sha_million_a.SHA_ALG;
	sha_ctx c;
	uint8_t d[SHA_LEN];
	char got[SHA_HEX];
	char *buf = malloc(1000000);
	size_t off, n;

	h_bad = 0;
	memset(buf, 'a', 1000000);
	digest_hex(buf, 1000000, got);
	EXPECT(strcmp(got, want) == 0, "one-shot: got %s", got);

	SHA_FN(_init)(&c);
	for (off = 0; off < 1000000; off += 1000)
		SHA_FN(_update)(&c, buf, 1000);
	SHA_FN(_final)(&c, d);
	hex(d, SHA_LEN, got);
	EXPECT(strcmp(got, want) == 0, "1000-byte pieces: got %s", got);

	SHA_FN(_init)(&c);
	for (off = 0; off < 1000000; off += n) {
		n = 1 + rnd() % 300;
		if (n > 1000000 - off)
			n = 1000000 - off;
		SHA_FN(_update)(&c, buf + off, n);
	}
	SHA_FN(_final)(&c, d);
	hex(d, SHA_LEN, got);
	EXPECT(strcmp(got, want) == 0, "random pieces: got %s", got);
	free(buf);
	return h_bad;
}

/* Every split point of a 200-byte message gives the one-shot digest. */
static int test_split_points(void)
{
	uint8_t msg[200], one[SHA_LEN], two[SHA_LEN];
	sha_ctx c;
	size_t len, cut;

	h_bad = 0;
	for (len = 0; len < sizeof(msg); len++)
		msg[len] = (uint8_t)rnd();
	for (len = 0; len <= sizeof(msg); len += 7) {
		SHA_ALG(msg, len, one);
		for (cut = 0; cut <= len; cut++) {
			SHA_FN(_init)(&c);
			SHA_FN(_update)(&c, msg, cut);
			SHA_FN(_update)(&c, msg + cut, 0);
			SHA_FN(_update)(&c, msg + cut, len - cut);
			SHA_FN(_final)(&c, two);
			EXPECT(memcmp(one, two, SHA_LEN) == 0, "len %zu cut %zu", len, cut);
		}
	}
	return h_bad;
}

#define N_LENS 216
/* The file lengths compared with the host tool: 0..200 and some larger ones. */
static size_t file_len(int i)
{
	static const size_t big[] = { 255, 256, 511, 512, 1000, 4095, 4096,
				       4097, 65535, 65536, 65537, 100003,
				       1048575, 1048576, 3000001 };
	return i <= 200 ? (size_t)i : big[i - 201];
}

/* Random files of many lengths: our digest equals the host's <hash>sum. */
static int test_host_sum(void)
{
	char dir[] = "/tmp/wp-test-" SHA_NAME "-XXXXXX";
	char path[64], cmd[96], line[256], got[SHA_HEX];
	uint8_t *buf = malloc(3000001);
	FILE *p;
	int i, seen = 0;

	h_bad = 0;
	if (!mkdtemp(dir)) {
		EXPECT(0, "mkdtemp failed");
		free(buf);
		return h_bad;
	}
	for (i = 0; i < N_LENS; i++) {
		size_t j, n = file_len(i);
		FILE *f;

		for (j = 0; j < n; j++)
			buf[j] = (uint8_t)(rnd() >> 7);
		snprintf(path, sizeof(path), "%s/%d", dir, i);
		f = fopen(path, "wb");
		EXPECT(f && fwrite(buf, 1, n, f) == n && fclose(f) == 0,
		       "write %s", path);
	}
	snprintf(cmd, sizeof(cmd), "cd %s && " SHA_NAME "sum -b *", dir);
	p = popen(cmd, "r");
	EXPECT(p != NULL, "popen " SHA_NAME "sum");
	while (p && fgets(line, sizeof(line), p)) {
		char want[65]; /* the longest digest here (SHA-256) in hex */
		int idx;
		size_t n, j;

		if (sscanf(line, "%64s *%d", want, &idx) != 2 || idx < 0 ||
		    idx >= N_LENS) {
			EXPECT(0, "unparsable " SHA_NAME "sum line: %s", line);
			continue;
		}
		/* regenerate the file content: re-read it */
		n = file_len(idx);
		snprintf(path, sizeof(path), "%s/%d", dir, idx);
		{
			FILE *f = fopen(path, "rb");
			j = f ? fread(buf, 1, n, f) : 0;
			if (f)
				fclose(f);
		}
		EXPECT(j == n, "re-read %s", path);
		digest_hex(buf, n, got);
		EXPECT(strcmp(got, want) == 0, "length %zu: got %s, " SHA_NAME "sum %s",
		       n, got, want);
		/* and incrementally in random pieces */
		{
			sha_ctx c;
			uint8_t d[SHA_LEN];
			size_t off, k;

			SHA_FN(_init)(&c);
			for (off = 0; off < n; off += k) {
				k = rnd() % 130;
				if (k > n - off)
					k = n - off;
				SHA_FN(_update)(&c, buf + off, k);
			}
			SHA_FN(_final)(&c, d);
			hex(d, SHA_LEN, got);
			EXPECT(strcmp(got, want) == 0,
			       "length %zu pieces: got %s, " SHA_NAME "sum %s", n, got, want);
		}
		seen++;
	}
	EXPECT(p && pclose(p) == 0, SHA_NAME "sum failed");
	EXPECT(seen == N_LENS, "compared %d files, want %d", seen, N_LENS);
	for (i = 0; i < N_LENS; i++) {
		snprintf(path, sizeof(path), "%s/%d", dir, i);
		unlink(path);
	}
	rmdir(dir);
	free(buf);
	return h_bad;
}

/* A changed byte changes the digest (the test can fail). */
static int test_sensitivity(void)
{
	uint8_t msg[100], a[SHA_LEN], b[SHA_LEN];

	h_bad = 0;
	memset(msg, 0x11, sizeof(msg));
	SHA_ALG(msg, sizeof(msg), a);
	msg[99] ^= 1;
	SHA_ALG(msg, sizeof(msg), b);
	EXPECT(memcmp(a, b, SHA_LEN) != 0, "flipped bit not detected");
	return h_bad;
}

/*
 * Both paths give the same digests on 24 MiB of random data: one-shot at
 * random lengths and odd start addresses, and the x86 path fed in random
 * pieces against the portable one-shot.
 */
static int test_paths_agree(void)
{
	const size_t big = 24u << 20;
	uint8_t *buf = malloc(big + 1), a[SHA_LEN], b[SHA_LEN];
	sha_ctx c;
	size_t i, len, off, k;
	int round;

	h_bad = 0;
	for (i = 0; i <= big; i++)
		buf[i] = (uint8_t)(rnd() >> 11);
	for (round = 0; round < 40; round++) {
		off = rnd() % 61;
		len = round == 0 ? big : round < 20 ? rnd() % 5000 : rnd() % (big - 64);
		sha_path_set(SHA_PATH_PORTABLE);
		SHA_ALG(buf + off, len, a);
		sha_path_set(SHA_PATH_X86);
		SHA_ALG(buf + off, len, b);
		EXPECT(memcmp(a, b, SHA_LEN) == 0, "one-shot len %zu at +%zu differs", len, off);
		SHA_FN(_init)(&c);
		for (i = 0; i < len; i += k) {
			k = rnd() % 70000;
			if (k > len - i)
				k = len - i;
			SHA_FN(_update)(&c, buf + off + i, k);
		}
		SHA_FN(_final)(&c, b);
		EXPECT(memcmp(a, b, SHA_LEN) == 0, "pieces len %zu at +%zu differ", len, off);
	}
	free(buf);
	return h_bad;
}

/* The whole suite: the path choice, every test on each path, the paths agreeing. */
static int sha_suite_main(void)
{
	static const char *const tag[] = { "portable", "x86" };
	int path;

	RUN(test_path_choice);
	for (path = SHA_PATH_PORTABLE; path <= SHA_PATH_X86; path++) {
		if ((int)sha_path_set((enum sha_path)path) != path) {
			h_skip(SHA_NAME " vectors[x86]", "this CPU has no SHA extensions "
			       "(no sha_ni in /proc/cpuinfo): only the portable path can run");
			continue;
		}
		RUN_ON(test_fips_vectors, tag[path]);
		RUN_ON(test_million_a, tag[path]);
		RUN_ON(test_split_points, tag[path]);
		run_on(test_host_sum, "test_host_" SHA_NAME "sum", tag[path]);
		RUN_ON(test_sensitivity, tag[path]);
	}
	if (sha_path_set(SHA_PATH_X86) == SHA_PATH_X86)
		RUN(test_paths_agree);
	else
		h_skip("test_paths_agree", "this CPU has no SHA extensions: nothing to compare");
	return H_DONE();
}

#endif
