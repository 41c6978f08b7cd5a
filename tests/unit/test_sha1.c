/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_sha1.c - core/sha1.c against the FIPS 180 test vectors and against
 * the host's sha1sum on pseudo-random files of many lengths (every length
 * 0..200, i.e. across the 55/56/64-byte padding boundaries, plus larger ones),
 * hashed both one-shot and incrementally in random pieces.
 */
#include "harness.h"
#include "sha1.h"
#include "sha_path.h"
#include <unistd.h>

static int h_bad;
#include "sha_paths.h" /* uses h_bad */

/* Hex-encode a digest into out (2*n+1 bytes). */
static void hex(const uint8_t *d, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

/* One-shot digest of a buffer as lowercase hex. */
static void digest_hex(const void *p, size_t n, char out[41])
{
	uint8_t d[20];

	sha1(p, n, d);
	hex(d, 20, out);
}

/* A small deterministic PRNG (xorshift32) so failures reproduce. */
static uint32_t rng = 0x12345678;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* FIPS 180-2 appendix B vectors plus the empty message. */
static int test_fips_vectors(void)
{
	static const struct { const char *msg, *want; } v[] = {
		{ "", "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
		{ "abc", "a9993e364706816aba3e25717850c26c9cd0d89d" },
		{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		  "84983e441c3bd26ebaae4aa1f95129e5e54670f1" },
		{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
		  "a49b2446a02c645bf419f995b67091253a04a259" },
	};
	char got[41];
	size_t i;

	h_bad = 0;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		digest_hex(v[i].msg, strlen(v[i].msg), got);
		EXPECT(strcmp(got, v[i].want) == 0, "'%s': got %s want %s",
		       v[i].msg, got, v[i].want);
	}
	return h_bad;
}

/* One million 'a': one-shot and fed in 1000-byte and odd-sized pieces. */
static int test_million_a(void)
{
	static const char *want =
		"34aa973cd4c4daa4f61eeb2bdbad27316534016f";
	struct sha1_ctx c;
	uint8_t d[20];
	char got[41];
	char *buf = malloc(1000000);
	size_t off, n;

	h_bad = 0;
	memset(buf, 'a', 1000000);
	digest_hex(buf, 1000000, got);
	EXPECT(strcmp(got, want) == 0, "one-shot: got %s", got);

	sha1_init(&c);
	for (off = 0; off < 1000000; off += 1000)
		sha1_update(&c, buf, 1000);
	sha1_final(&c, d);
	hex(d, 20, got);
	EXPECT(strcmp(got, want) == 0, "1000-byte pieces: got %s", got);

	sha1_init(&c);
	for (off = 0; off < 1000000; off += n) {
		n = 1 + rnd() % 300;
		if (n > 1000000 - off)
			n = 1000000 - off;
		sha1_update(&c, buf + off, n);
	}
	sha1_final(&c, d);
	hex(d, 20, got);
	EXPECT(strcmp(got, want) == 0, "random pieces: got %s", got);
	free(buf);
	return h_bad;
}

/* Every split point of a 200-byte message gives the one-shot digest. */
static int test_split_points(void)
{
	uint8_t msg[200], one[20], two[20];
	struct sha1_ctx c;
	size_t len, cut;

	h_bad = 0;
	for (len = 0; len < sizeof(msg); len++)
		msg[len] = (uint8_t)rnd();
	for (len = 0; len <= sizeof(msg); len += 7) {
		sha1(msg, len, one);
		for (cut = 0; cut <= len; cut++) {
			sha1_init(&c);
			sha1_update(&c, msg, cut);
			sha1_update(&c, msg + cut, 0);
			sha1_update(&c, msg + cut, len - cut);
			sha1_final(&c, two);
			EXPECT(memcmp(one, two, 20) == 0, "len %zu cut %zu", len, cut);
		}
	}
	return h_bad;
}

#define N_LENS 216
/* The file lengths compared with sha1sum: 0..200 and some larger ones. */
static size_t file_len(int i)
{
	static const size_t big[] = { 255, 256, 511, 512, 1000, 4095, 4096,
				       4097, 65535, 65536, 65537, 100003,
				       1048575, 1048576, 3000001 };
	return i <= 200 ? (size_t)i : big[i - 201];
}

/* Random files of many lengths: our digest equals the host sha1sum. */
static int test_host_sha1sum(void)
{
	char dir[] = "/tmp/wp-test-sha1-XXXXXX";
	char path[64], cmd[96], line[256], got[41];
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
	snprintf(cmd, sizeof(cmd), "cd %s && sha1sum -b *", dir);
	p = popen(cmd, "r");
	EXPECT(p != NULL, "popen sha1sum");
	while (p && fgets(line, sizeof(line), p)) {
		char want[41];
		int idx;
		size_t n, j;

		if (sscanf(line, "%40s *%d", want, &idx) != 2 || idx < 0 ||
		    idx >= N_LENS) {
			EXPECT(0, "unparsable sha1sum line: %s", line);
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
		EXPECT(strcmp(got, want) == 0, "length %zu: got %s, sha1sum %s",
		       n, got, want);
		/* and incrementally in random pieces */
		{
			struct sha1_ctx c;
			uint8_t d[20];
			size_t off, k;

			sha1_init(&c);
			for (off = 0; off < n; off += k) {
				k = rnd() % 130;
				if (k > n - off)
					k = n - off;
				sha1_update(&c, buf + off, k);
			}
			sha1_final(&c, d);
			hex(d, 20, got);
			EXPECT(strcmp(got, want) == 0,
			       "length %zu pieces: got %s, sha1sum %s", n, got, want);
		}
		seen++;
	}
	EXPECT(p && pclose(p) == 0, "sha1sum failed");
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
	uint8_t msg[100], a[20], b[20];

	h_bad = 0;
	memset(msg, 0x11, sizeof(msg));
	sha1(msg, sizeof(msg), a);
	msg[99] ^= 1;
	sha1(msg, sizeof(msg), b);
	EXPECT(memcmp(a, b, 20) != 0, "flipped bit not detected");
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
	uint8_t *buf = malloc(big + 1), a[20], b[20];
	struct sha1_ctx c;
	size_t i, len, off, k;
	int round;

	h_bad = 0;
	for (i = 0; i <= big; i++)
		buf[i] = (uint8_t)(rnd() >> 11);
	for (round = 0; round < 40; round++) {
		off = rnd() % 61;
		len = round == 0 ? big : round < 20 ? rnd() % 5000 : rnd() % (big - 64);
		sha_path_set(SHA_PATH_PORTABLE);
		sha1(buf + off, len, a);
		sha_path_set(SHA_PATH_X86);
		sha1(buf + off, len, b);
		EXPECT(memcmp(a, b, 20) == 0, "one-shot len %zu at +%zu differs", len, off);
		sha1_init(&c);
		for (i = 0; i < len; i += k) {
			k = rnd() % 70000;
			if (k > len - i)
				k = len - i;
			sha1_update(&c, buf + off + i, k);
		}
		sha1_final(&c, b);
		EXPECT(memcmp(a, b, 20) == 0, "pieces len %zu at +%zu differ", len, off);
	}
	free(buf);
	return h_bad;
}

int main(void)
{
	static const char *const tag[] = { "portable", "x86" };
	int path;

	RUN(test_path_choice);
	for (path = SHA_PATH_PORTABLE; path <= SHA_PATH_X86; path++) {
		if ((int)sha_path_set((enum sha_path)path) != path) {
			h_skip("sha1 vectors[x86]", "this CPU has no SHA extensions "
			       "(no sha_ni in /proc/cpuinfo): only the portable path can run");
			continue;
		}
		RUN_ON(test_fips_vectors, tag[path]);
		RUN_ON(test_million_a, tag[path]);
		RUN_ON(test_split_points, tag[path]);
		RUN_ON(test_host_sha1sum, tag[path]);
		RUN_ON(test_sensitivity, tag[path]);
	}
	if (sha_path_set(SHA_PATH_X86) == SHA_PATH_X86)
		RUN(test_paths_agree);
	else
		h_skip("test_paths_agree", "this CPU has no SHA extensions: nothing to compare");
	return H_DONE();
}
