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

/* FIPS 180-2 appendix B digests of sha_fips_msg[] (sha_suite.h). */
static const char *const sha_fips[4] = {
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	"cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
};

/* The digest of one million 'a'. */
static const char *const sha_million_a = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

#include "sha_suite.h" /* uses all of the above */

/* Every SHA-256 test on both block paths. */
int main(void)
{
	return sha_suite_main();
}
