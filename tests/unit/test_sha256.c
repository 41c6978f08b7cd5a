/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_sha256.c - core/sha256.c against the FIPS 180 test vectors and against
 * the host's sha256sum on pseudo-random files of many lengths (every length
 * 0..200, i.e. across the 55/56/64-byte padding boundaries, plus larger ones),
 * hashed both one-shot and incrementally in random pieces, on both block
 * paths.  The tests are tests/unit/sha_suite.h's, run on SHA-256.
 */
#include "harness.h"
#include "sha256.h"
#include "sha_path.h"

static int h_bad;

#define SHA_ALG sha256
#define SHA_LEN SHA256_DIGEST_SIZE

#include "sha_suite.h" /* uses h_bad, SHA_ALG, SHA_LEN */

/* Every SHA-256 test on both block paths. */
int main(void)
{
	return sha_suite_main();
}
