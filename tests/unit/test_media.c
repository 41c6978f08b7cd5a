/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_media.c - prep-tftproot/media.c's copy of one span (write_span): at any
 * file position, aligned or not, the bytes written and the digest the hashing
 * thread hands to the hash cache equal the source's; the direct-I/O bulk, the
 * buffered head up to a block boundary and the buffered tail join up. */
#define _GNU_SOURCE
#include "harness.h"
#include "../../host-tools/prep-tftproot/media.c"
#include "sha256.h"

#define SPANLEN ((size_t)(20u << 20) + 777) /* more than 2 windows and an odd tail */

static char dir[256];
static uint8_t *src; /* SPANLEN + 8192 pseudo-random bytes */

/* Lowercase hex of a digest. */
static void hexof(const uint8_t d[32], char out[65])
{
	for (int i = 0; i < 32; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* Write pre bytes with write(), then a span from a mapping of the source
 * file at offset moff; check the file and the digest of everything. */
static int one(int srcfd, size_t pre, size_t moff)
{
	int h_bad = 0;
	char out[300], hex[65], want[65];
	uint64_t size = 0, done = 0;
	snprintf(out, sizeof out, "%s/out", dir);
	unlink(out);
	int fd = open(out, O_RDWR | O_CREAT | O_EXCL, 0644);
	uint8_t *map = mmap(NULL, moff + SPANLEN, PROT_READ, MAP_SHARED, srcfd, 0);
	EXPECT(fd >= 0 && map != MAP_FAILED, "open/mmap");
	if (fd < 0 || map == MAP_FAILED) return h_bad;
	struct bghash *h = bghash_open();
	EXPECT(write_all(fd, src, pre) == 0, "pre write");
	bghash_data(h, src, pre);
	EXPECT(write_span(map + moff, SPANLEN, fd, h, NULL, NULL, &done) == 0, "write_span failed: %s", strerror(errno));
	EXPECT(done == SPANLEN, "progress %llu", (unsigned long long)done);
	EXPECT(lseek(fd, 0, SEEK_CUR) == (off_t)(pre + SPANLEN), "file position");
	bghash_close(h, hashcache_reserve(fd));
	EXPECT(hashcache_lookup(out, hex, &size) == 0, "no digest noted");
	struct sha256_ctx c;
	uint8_t d[32];
	sha256_init(&c);
	sha256_update(&c, src, pre);
	sha256_update(&c, src + moff, SPANLEN);
	sha256_final(&c, d);
	hexof(d, want);
	EXPECT(!strcmp(hex, want), "digest %s, want %s (pre %zu, moff %zu)", hex, want, pre, moff);
	EXPECT(size == pre + SPANLEN, "size %llu", (unsigned long long)size);
	uint8_t *got = malloc(pre + SPANLEN);
	EXPECT(got && pread(fd, got, pre + SPANLEN, 0) == (ssize_t)(pre + SPANLEN), "read back");
	EXPECT(got && !memcmp(got, src, pre) && !memcmp(got + pre, src + moff, SPANLEN), "bytes differ (pre %zu, moff %zu)", pre,
	       moff);
	free(got);
	bghash_unmap(map, moff + SPANLEN);
	close(fd);
	unlink(out);
	return h_bad;
}

/* The positions: block-aligned, sector-aligned, odd; the mapping at a page,
 * at a 2048-byte sector (an ISO file) and at an odd offset (no direct I/O). */
static int test_positions(void)
{
	int h_bad = 0;
	char p[300];
	snprintf(p, sizeof p, "%s/src", dir);
	int fd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0644);
	EXPECT(fd >= 0 && write_all(fd, src, SPANLEN + 8192) == 0, "source file");
	static const size_t pres[] = {0, 512, 2048, 3000, 4096, 5000};
	static const size_t moffs[] = {0, 2048, 1001};
	for (size_t i = 0; i < sizeof pres / sizeof pres[0]; i++)
		for (size_t j = 0; j < sizeof moffs / sizeof moffs[0]; j++) h_bad += one(fd, pres[i], moffs[j]);
	close(fd);
	unlink(p);
	return h_bad;
}

int main(void)
{
	const char *t = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/test_media.XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(dir)) { perror(dir); return 1; }
	src = malloc(SPANLEN + 8192);
	uint32_t x = 12345;
	for (size_t i = 0; i < SPANLEN + 8192; i++) src[i] = (uint8_t)((x = x * 1103515245u + 12345u) >> 24);
	RUN(test_positions);
	bghash_stop();
	free(src);
	rmdir(dir);
	return H_DONE();
}
