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

/* FIPS 180-2 appendix B digests of sha_fips_msg[] (sha_suite.h). */
static const char *const sha_fips[4] = {
	"da39a3ee5e6b4b0d3255bfef95601890afd80709",
	"a9993e364706816aba3e25717850c26c9cd0d89d",
	"84983e441c3bd26ebaae4aa1f95129e5e54670f1",
	"a49b2446a02c645bf419f995b67091253a04a259",
};

/* The digest of one million 'a'. */
static const char *const sha_million_a = "34aa973cd4c4daa4f61eeb2bdbad27316534016f";

#include "sha_suite.h" /* uses all of the above */

/* Every SHA-1 test on both block paths. */
int main(void)
{
	return sha_suite_main();
}
