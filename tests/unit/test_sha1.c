/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_sha1.c - core/sha1.c against the FIPS 180 test vectors and against
 * the host's sha1sum on pseudo-random files of many lengths (every length
 * 0..200, i.e. across the 55/56/64-byte padding boundaries, plus larger ones),
 * hashed both one-shot and incrementally in random pieces, on both block
 * paths.  The tests are tests/unit/sha_suite.h's, run on SHA-1.
 */
#include "harness.h"
#include "sha1.h"
#include "sha_path.h"

static int h_bad;

#define SHA_ALG sha1
#define SHA_LEN SHA1_DIGEST_SIZE

#include "sha_suite.h" /* uses h_bad, SHA_ALG, SHA_LEN */

/* Every SHA-1 test on both block paths. */
int main(void)
{
	return sha_suite_main();
}
