/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_sha256.c - SHA-256 of prep-tftproot's manifest against FIPS 180-4 vectors. */
#include "harness.h"
#include "../../host-tools/prep-tftproot/sha256.h"

/* Hex digest of a buffer fed in pieces of size step. */
static void hexof(const void *d, size_t n, size_t step, char hex[65])
{
	struct sha256 s;
	uint8_t o[32];
	sha256_init(&s);
	for (size_t i = 0; i < n; i += step) sha256_update(&s, (const char *)d + i, n - i < step ? n - i : step);
	sha256_final(&s, o);
	for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", o[i]);
}

/* Known answers, including split updates and the million-'a' vector. */
static int test_vectors(void)
{
	int h_bad = 0;
	char h[65];
	hexof("", 0, 1, h);
	EXPECT(!strcmp(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), "empty %s", h);
	hexof("abc", 3, 1, h);
	EXPECT(!strcmp(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"), "abc %s", h);
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	for (size_t step = 1; step <= 64; step *= 3) {
		hexof(m, strlen(m), step, h);
		EXPECT(!strcmp(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"), "448-bit step %zu %s", step, h);
	}
	static char a[1000000];
	memset(a, 'a', sizeof a);
	hexof(a, sizeof a, 4097, h);
	EXPECT(!strcmp(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"), "million a %s", h);
	return h_bad;
}

int main(void)
{
	RUN(test_vectors);
	return H_DONE();
}
